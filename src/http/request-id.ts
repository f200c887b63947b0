import { Elysia } from "elysia";

/** An incoming id is kept only if it is short, printable ASCII: it goes into logs and headers. */
const acceptable = /^[\x21-\x7e]{1,128}$/;

/**
 * Gives every request an id: the client's `X-Request-Id` when it is acceptable, else a new UUID.
 * The id is echoed in the `X-Request-Id` response header (also on errors) and logged.
 */
export function requestId() {
  return new Elysia({ name: "request-id" }).onRequest(({ request, set }) => {
    const incoming = request.headers.get("x-request-id");
    set.headers["x-request-id"] =
      incoming !== null && acceptable.test(incoming) ? incoming : crypto.randomUUID();
  });
}
