import { MalformedRequestError } from "../errors.ts";

/** The header a client may send to ask for a shorter deadline than the server's default. */
export const timeoutHeader = "x-request-timeout-ms";

/**
 * The request's deadline on the performance.now() clock: the server's timeout, or the client's
 * shorter one from `X-Request-Timeout-Ms`.
 */
export function requestDeadline(
  headers: Headers,
  defaultTimeoutMs: number,
  now = performance.now(),
): number {
  const raw = headers.get(timeoutHeader);
  if (raw === null) return now + defaultTimeoutMs;
  if (!/^\d{1,9}$/.test(raw.trim()) || Number(raw) < 1) {
    throw new MalformedRequestError(
      "X-Request-Timeout-Ms must be a positive whole number of milliseconds",
    );
  }
  return now + Math.min(Number(raw), defaultTimeoutMs);
}
