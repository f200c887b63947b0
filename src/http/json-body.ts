import {
  BodyTimeoutError,
  MalformedRequestError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
} from "../errors.ts";
import { structureProblem } from "./json-structure.ts";

/**
 * Deepest nesting of arrays and objects accepted in a body. The deepest real request
 * (`{"items": [{...}]}`, or an Open Inference Protocol tensor) is far shallower; a much deeper
 * one can only be an attack on code that recurses over the value.
 */
export const maxJsonDepth = 32;

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

export interface JsonBodyOptions {
  /** Read a body without a Content-Type as JSON. */
  assumeJson?: boolean;
  /**
   * How long the body may take to arrive once the headers are in (408 beyond). Without it only
   * Bun's idle timeout bounds a slow client, and it closes the connection without an answer.
   */
  timeoutMs?: number;
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

/** `readLimited`, but a body still incomplete after `timeoutMs` is a 408. */
async function readInTime(request: Request, limit: number, timeoutMs: number | undefined) {
  const reading = readLimited(request, limit);
  if (timeoutMs === undefined) return reading;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([reading, late]);
  } finally {
    clearTimeout(timer);
    // The abandoned read fails when Bun closes the connection after the 408; nobody waits for it.
    reading.catch(() => {});
  }
}

/**
 * Parses a JSON request body: 415 unless the content type is JSON and the body is not
 * compressed, 413 past `limit` bytes, 408 when it is not all there within `timeoutMs`,
 * 400 for invalid UTF-8, invalid JSON, a top-level value that is not an object, nesting deeper
 * than `maxJsonDepth` or a key repeated within one object.
 * `assumeJson` reads a body without a Content-Type as JSON (Open Inference Protocol clients
 * often send none); a non-JSON Content-Type is still a 415.
 */
export async function parseJsonBody(
  request: Request,
  limit: number,
  options: JsonBodyOptions = {},
): Promise<unknown> {
  const contentType = request.headers.get("content-type");
  if (!(options.assumeJson && contentType === null) && !isJsonContentType(contentType)) {
    throw new UnsupportedMediaTypeError();
  }
  const encoding = request.headers.get("content-encoding")?.trim().toLowerCase();
  if (encoding && encoding !== "identity") {
    // Compressed bodies are not inflated: a few kilobytes of gzip can expand to gigabytes.
    throw new UnsupportedMediaTypeError(
      "The request body must not be compressed (Content-Encoding)",
    );
  }
  const bytes = await readInTime(request, limit, options.timeoutMs);
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch (error) {
    throw new MalformedRequestError("The request body is not valid UTF-8", { cause: error });
  }
  const problem = structureProblem(text, maxJsonDepth);
  if (problem === "too_deep") {
    throw new MalformedRequestError(
      `The request body is nested more than ${maxJsonDepth} levels deep`,
    );
  }
  if (problem === "duplicate_key") {
    throw new MalformedRequestError("The request body has an object with the same key twice");
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
