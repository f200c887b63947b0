import type { Registry } from "prom-client";
import { CounterFamily } from "./preallocated.ts";

/** Why a request was refused rather than served: the `reason` label of the rejections counter. */
export type RejectionReason =
  | "queue_full"
  | "timeout"
  | "invalid_input"
  | "not_ready"
  | "shutting_down"
  | "unauthorized";

/** Error codes (src/errors.ts) that are refusals, by reason; other codes are errors only. */
const reasonByCode: Readonly<Record<string, RejectionReason>> = {
  queue_full: "queue_full",
  deadline_exceeded: "timeout",
  invalid_input: "invalid_input",
  malformed_request: "invalid_input",
  unsupported_media_type: "invalid_input",
  payload_too_large: "invalid_input",
  not_ready: "not_ready",
  shutting_down: "shutting_down",
  unauthorized: "unauthorized",
};

export const rejectionReasons: readonly RejectionReason[] = [
  ...new Set(Object.values(reasonByCode)),
];

/** @example rejectionReason("deadline_exceeded") // "timeout" */
export function rejectionReason(code: string): RejectionReason | undefined {
  return reasonByCode[code];
}

export interface ErrorMetrics {
  /** One error response: its route template (or `unmatched`) and its error code. */
  observe(route: string, code: string): void;
}

/**
 * `ml_serving_http_errors_total` by route template and error code (every error response), and
 * `ml_serving_rejected_requests_total` by reason (the refusals among them). Both label sets are
 * bounded: codes come from src/errors.ts, routes from the route table.
 *
 * @example
 * const errors = createErrorMetrics(registry);
 * errors.observe("/api/v1/predict", "queue_full"); // an error and a rejection (queue_full)
 */
export function createErrorMetrics(registry: Registry): ErrorMetrics {
  const errors = new CounterFamily(registry, {
    name: "ml_serving_http_errors_total",
    help: "HTTP error responses, by route template and error code (the code in the JSON body)",
    labelNames: ["route", "code"],
  });
  const rejections = new CounterFamily(registry, {
    name: "ml_serving_rejected_requests_total",
    help: "Requests refused instead of served, by reason: queue_full (load shed), timeout (deadline passed before inference), invalid_input, not_ready, shutting_down, unauthorized",
    labelNames: ["reason"],
  });
  // Present from the first scrape, so rate() and alerts see a 0 before the first refusal.
  const byReason = new Map(rejectionReasons.map((reason) => [reason, rejections.child(reason)]));
  return {
    observe(route, code) {
      errors.child(route, code).inc();
      const reason = reasonByCode[code];
      if (reason !== undefined) byReason.get(reason)?.inc();
    },
  };
}
