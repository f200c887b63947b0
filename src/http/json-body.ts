import {
  MalformedRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from "../errors.ts";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** `application/json`, `application/json; charset=utf-8`, `application/problem+json`, … */
export function isJsonContentType(header: string | null): boolean {
  if (header === null) return false;
  const mediaType = header.split(";", 1)[0]?.trim().toLowerCase() ?? "";
  if (mediaType !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(mediaType)) {
    return false;
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header)?.[1]?.toLowerCase();
  return charset === undefined || charset === "utf-8" || charset === "utf8";
}

/** Reads the body, refusing at `limit` bytes whether or not a Content-Length was sent. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) throw new PayloadTooLargeError(limit);
  if (request.body === null) return new Uint8Array(0);
  if (declared !== null) {
    // Bun has already checked the length against its own (higher) limit; it will not grow.
    return new Uint8Array(await request.arrayBuffer());
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.byteLength;
    if (size > limit) throw new PayloadTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses a JSON request body: 415 unless the content type is JSON, 413 past `limit` bytes,
 * 400 for invalid UTF-8, invalid JSON or a top-level value that is not an object.
 * `assumeJson` reads a body without a Content-Type as JSON (Open Inference Protocol clients
 * often send none); a non-JSON Content-Type is still a 415.
 */
export async function parseJsonBody(
  request: Request,
  limit: number,
  options: { assumeJson?: boolean } = {},
): Promise<unknown> {
  const contentType = request.headers.get("content-type");
  if (!(options.assumeJson && contentType === null) && !isJsonContentType(contentType)) {
    throw new UnsupportedMediaTypeError();
  }
  const bytes = await readLimited(request, limit);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch (error) {
    throw new MalformedRequestError("The request body is not valid UTF-8", { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedRequestError("The request body is not valid JSON", { cause: error });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new MalformedRequestError("The request body must be a JSON object");
  }
  return value;
}
