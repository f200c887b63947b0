import { cors } from "@elysiajs/cors";
import { Elysia } from "elysia";

/** Request headers a browser client may send: the body type, both key forms, ours. */
const allowedHeaders = [
  "content-type",
  "authorization",
  "x-api-key",
  "x-request-id",
  "x-request-timeout-ms",
];
/** Response headers a browser client may read besides the always-safe ones. */
const exposeHeaders = ["x-request-id", "retry-after", "www-authenticate"];

/**
 * CORS for browser clients, off unless origins are configured: an explicit allow-list (only a
 * listed origin is echoed in Access-Control-Allow-Origin, with `Vary: Origin`), or `*` alone
 * for any origin. Credentials (cookies) are allowed only with an explicit list, never with `*`;
 * API keys travel in headers and need no credentials mode. Preflight requests are answered
 * with 204 before authentication, which a preflight never carries.
 *
 * @example
 * new Elysia().use(corsPolicy(["https://app.example.com"]))
 */
export function corsPolicy(origins: readonly string[]) {
  if (origins.length === 0) return new Elysia({ name: "no-cors" });
  const anyOrigin = origins.includes("*");
  return cors({
    origin: anyOrigin ? "*" : [...origins],
    methods: ["GET", "HEAD", "POST", "OPTIONS"],
    allowedHeaders,
    exposeHeaders,
    credentials: !anyOrigin,
    maxAge: 600,
    preflight: true,
  });
}
