/**
 * HTTP/1.1 over a raw TCP socket (Bun.connect), for what fetch will not send: malformed request
 * lines, conflicting lengths, bodies without a Content-Length, bodies trickled byte by byte,
 * connections that send nothing at all.
 */

export interface RawResponse {
  /** 0 when the server closed the connection without answering. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The server closed the connection (as opposed to our timeout ending the wait). */
  closedByServer: boolean;
  /** Milliseconds from connecting to the end of the exchange. */
  elapsedMs: number;
}

export interface RawOptions {
  /** Pieces sent one after another; `delayMs` apart. */
  chunks: (string | Uint8Array)[];
  delayMs?: number;
  /** Give up waiting after this long (the result then has closedByServer false). */
  timeoutMs?: number;
  /** Keep waiting after a complete response, until the server closes the connection. */
  untilClosed?: boolean;
}

const encoder = new TextEncoder();

function parseResponse(bytes: Uint8Array): Pick<RawResponse, "status" | "headers" | "body"> {
  const text = new TextDecoder().decode(bytes);
  const headEnd = text.indexOf("\r\n\r\n");
  if (!text.startsWith("HTTP/1.1 ") || headEnd < 0) return { status: 0, headers: {}, body: text };
  const [statusLine = "", ...lines] = text.slice(0, headEnd).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(" ")[1]), headers, body: text.slice(headEnd + 4) };
}

/**
 * Sends `chunks` to 127.0.0.1:`port` and reads until the server has sent a complete response
 * (by Content-Length; or with `untilClosed`, until it closes the connection), or `timeoutMs` passes.
 *
 * @example
 * const reply = await rawRequest(port, { chunks: ["GET /health HTTP/1.1\r\nHost: x\r\n\r\n"] });
 * reply.status // 200
 */
export async function rawRequest(port: number, options: RawOptions): Promise<RawResponse> {
  const started = performance.now();
  const received: Uint8Array[] = [];
  let closedByServer = false;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const complete = () => {
    const parsed = parseResponse(Buffer.concat(received));
    const length = Number(parsed.headers["content-length"] ?? Number.NaN);
    return parsed.status > 0 && Buffer.byteLength(parsed.body) >= length;
  };
  const socket = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      data(_socket, data) {
        received.push(new Uint8Array(data));
        if (!options.untilClosed && complete()) finish();
      },
      close() {
        closedByServer = true;
        finish();
      },
      error() {
        finish();
      },
    },
  });
  const timer = setTimeout(finish, options.timeoutMs ?? 5000);
  (async () => {
    for (const chunk of options.chunks) {
      if (closedByServer) return;
      socket.write(typeof chunk === "string" ? encoder.encode(chunk) : chunk);
      socket.flush();
      if (options.delayMs) await Bun.sleep(options.delayMs);
    }
  })();
  await done;
  clearTimeout(timer);
  const elapsedMs = performance.now() - started;
  const parsed = parseResponse(Buffer.concat(received));
  socket.end();
  return { ...parsed, closedByServer, elapsedMs };
}

/** A request head with the given lines and a blank line after them. */
export function head(requestLine: string, headers: Record<string, string | number>): string {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `${requestLine}\r\n${["Host: 127.0.0.1", ...lines].join("\r\n")}\r\n\r\n`;
}

/** A body in chunked transfer encoding, one chunk per piece, with the closing chunk. */
export function chunked(pieces: (string | Uint8Array)[]): Uint8Array {
  const parts = pieces.map((piece) => {
    const bytes = typeof piece === "string" ? encoder.encode(piece) : piece;
    return Buffer.concat([
      encoder.encode(`${bytes.byteLength.toString(16)}\r\n`),
      bytes,
      encoder.encode("\r\n"),
    ]);
  });
  return Buffer.concat([...parts, encoder.encode("0\r\n\r\n")]);
}
