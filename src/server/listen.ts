import http from "node:http";
import type { Server } from "bun";
import type { Config } from "../config/options.ts";
import type { App } from "../http/app.ts";

/** Listening failed (port taken, address not available, bad TLS files): start-up stops. */
export class ListenError extends Error {
  override readonly name = "ListenError";
}

/**
 * Bun's own body limit only backs ours up: src/http/json-body.ts answers 413 as JSON before
 * reading, and Bun would answer a plain-text 413 before any hook could run.
 */
export const bunBodyLimit = (config: Config) => Math.max(config.bodyLimitBytes * 4, 16 * 1048576);

export interface ListenOptions {
  /** PEM certificate and key (checked by readTlsFiles): the server speaks HTTPS. */
  tls?: { cert: string; key: string };
}

export function listen(app: App, config: Config, options: ListenOptions = {}): Server<unknown> {
  // Bun answers 431 itself past this limit, which it reads from node:http's maxHeaderSize (read-only
  // in Node's types, settable in Bun) when a server starts.
  (http as { maxHeaderSize: number }).maxHeaderSize = config.maxHeaderBytes;
  try {
    app.listen({
      ...(options.tls && { tls: { cert: options.tls.cert, key: options.tls.key } }),
      hostname: config.host,
      port: config.port,
      // Elysia defaults to reusePort: true, which lets a second instance silently share the port.
      reusePort: false,
      development: false,
      idleTimeout: config.idleTimeoutS,
      maxRequestBodySize: bunBodyLimit(config),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.host}:${config.port}`;
    if (code === "EADDRINUSE")
      throw new ListenError(`${where} is already in use (is another ml-serving running?)`);
    if (code === "EADDRNOTAVAIL")
      throw new ListenError(`${config.host} is not an address of this host`);
    if (code === "EACCES") throw new ListenError(`not allowed to listen on ${where}`);
    throw new ListenError(`cannot listen on ${where}: ${(error as Error).message}`);
  }
  if (app.server === null) throw new ListenError("the server did not start");
  return app.server;
}
