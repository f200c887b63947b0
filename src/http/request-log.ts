import { Elysia } from "elysia";
import type { Logger } from "../logging/logger.ts";
import { responseStatus } from "./response-status.ts";

/**
 * One debug line per answered request: request id, method, path (without the query), route,
 * status and duration. Mounted only when the log level is debug, so at info it costs nothing.
 *
 * @example
 * app.use(requestLog(logger)); // {"level":"debug","msg":"request","request_id":"…","status":200,…}
 */
export function requestLog(logger: Logger) {
  const startedAt = new WeakMap<Request, number>();
  return new Elysia({ name: "request-log" })
    .onRequest(({ request }) => {
      startedAt.set(request, performance.now());
    })
    .onAfterResponse({ as: "global" }, ({ request, route, path, set, responseValue }) => {
      const started = startedAt.get(request);
      logger.debug("request", {
        request_id: set.headers["x-request-id"],
        method: request.method,
        path,
        route: route || null,
        status: responseStatus(responseValue, set.status),
        duration_ms:
          started === undefined ? null : Math.round((performance.now() - started) * 1000) / 1000,
      });
    });
}
