import { Elysia } from "elysia";
import type { Metrics } from "../metrics/create-metrics.ts";
import { unmatchedRoute } from "../metrics/http-metrics.ts";
import type { ErrorReport } from "./error-handler.ts";
import { pathOf } from "./path-of.ts";
import { responseStatus } from "./response-status.ts";
import type { RouteTable } from "./route-table.ts";

/**
 * The start time rides on Elysia's context, which is the same object from onRequest to
 * onAfterResponse: a property costs less than a WeakMap entry per request.
 */
const startedAt = Symbol("metrics.startedAt");
type Timed = { [startedAt]?: number };

/**
 * Counts and times every HTTP request by route template, method and status, and serves
 * `GET /metrics`. Use it before every other plugin so that its clock starts first.
 *
 * The route label is the template Elysia matched; a request refused before routing (the
 * lifecycle gate) or a 405 falls back to the route table, and a path no route matches is
 * `unmatched`, so a scan of random paths adds one label value, not one each. The hooks name
 * only the context fields they read: Elysia builds the per-request context from what its hooks
 * mention (`path` would be computed for every request).
 *
 * @example
 * new Elysia().use(metricsPlugin(metrics, () => routeTable)).use(predictController(deps));
 */
export function metricsPlugin(metrics: Metrics, routes: () => RouteTable) {
  return new Elysia({ name: "metrics" })
    .onRequest((context) => {
      (context as Timed)[startedAt] = performance.now();
    })
    .onAfterResponse({ as: "global" }, (context) => {
      const { request, route, set, responseValue } = context;
      const started = (context as Timed)[startedAt];
      if (started === undefined) return;
      const seconds = (performance.now() - started) / 1000;
      metrics.http.observe(
        route || routes().templateFor(pathOf(request.url)) || unmatchedRoute,
        request.method,
        responseStatus(responseValue, set.status),
        seconds,
      );
    })
    .get(
      "/metrics",
      async () =>
        new Response(await metrics.render(), {
          headers: { "content-type": metrics.contentType, "cache-control": "no-store" },
        }),
      {
        detail: {
          tags: ["Monitoring"],
          summary: "Prometheus metrics in the text exposition format",
          description: "Every metric is listed in docs/observability.md.",
        },
      },
    );
}

/**
 * The error handler's report hook: every error response by route template and code, and the
 * refusals among them by reason.
 */
export function reportErrorsTo(
  metrics: Metrics,
  routes: () => RouteTable,
): (report: ErrorReport) => void {
  return (report) =>
    metrics.errors.observe(routes().templateFor(report.path) ?? unmatchedRoute, report.code);
}
