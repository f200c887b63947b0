import type { Registry } from "prom-client";
import { durationBuckets } from "./buckets.ts";
import {
  type CounterChild,
  CounterFamily,
  type HistogramChild,
  HistogramFamily,
} from "./preallocated.ts";

/** The route label of a request that matched no route: one value, however many paths. */
export const unmatchedRoute = "unmatched";

const knownMethods = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Any other method is `other`, so a client cannot grow the label set. */
export const methodLabel = (method: string) => (knownMethods.has(method) ? method : "other");

interface Children {
  requests: CounterChild;
  duration: HistogramChild;
}

export interface HttpMetrics {
  /**
   * One answered request. `route` is the route template (`/v2/models/:name`), never the raw
   * path: pass `unmatchedRoute` for a path no route matches.
   */
  observe(route: string, method: string, status: number, seconds: number): void;
}

/**
 * `ml_serving_http_requests_total` and `ml_serving_http_request_duration_seconds`, by route
 * template, method and status. The children are made once per combination and kept, so a
 * request costs three map lookups, a bucket search and no allocation once its combination has
 * been seen.
 *
 * @example
 * const http = createHttpMetrics(registry);
 * http.observe("/api/v1/predict", "POST", 200, 0.0012);
 */
export function createHttpMetrics(registry: Registry): HttpMetrics {
  const labelNames = ["route", "method", "status"] as const;
  const requests = new CounterFamily(registry, {
    name: "ml_serving_http_requests_total",
    help: "HTTP requests answered, by route template, method and status code",
    labelNames,
  });
  const duration = new HistogramFamily(registry, {
    name: "ml_serving_http_request_duration_seconds",
    help: "Time from receiving an HTTP request to handing its response to the server, by route template, method and status code",
    labelNames,
    buckets: durationBuckets,
  });
  const byRoute = new Map<string, Map<string, Map<number, Children>>>();

  function children(route: string, method: string, status: number): Children {
    let byMethod = byRoute.get(route);
    if (byMethod === undefined) {
      byMethod = new Map();
      byRoute.set(route, byMethod);
    }
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) {
      byStatus = new Map();
      byMethod.set(method, byStatus);
    }
    let found = byStatus.get(status);
    if (found === undefined) {
      const labels = [route, method, String(status)];
      found = { requests: requests.child(...labels), duration: duration.child(...labels) };
      byStatus.set(status, found);
    }
    return found;
  }

  return {
    observe(route, method, status, seconds) {
      // Keyed by the label, not the raw method: odd methods must not grow the map either.
      const found = children(route, methodLabel(method), status);
      found.requests.inc();
      found.duration.observe(seconds);
    },
  };
}
