import { Counter, type Registry } from "prom-client";
import type { PoolEvent } from "../workers/worker-pool.ts";

/**
 * `ml_serving_worker_restarts_total`: workers replaced after dying or hanging, counted from the
 * pool's events.
 *
 * @example
 * const onPoolEvent = createWorkerMetrics(registry);
 * onPoolEvent({ type: "respawning", worker: 0, inMs: 0 }); // restarts + 1
 */
export function createWorkerMetrics(registry: Registry): (event: PoolEvent) => void {
  const restarts = new Counter({
    name: "ml_serving_worker_restarts_total",
    help: "Inference workers replaced after they died or hung",
    registers: [registry],
  });
  return (event) => {
    if (event.type === "respawning") restarts.inc();
  };
}
