import type { Logger } from "../logging/logger.ts";
import type { PoolEvent } from "../workers/worker-pool.ts";

export interface WorkerPoolEvents {
  onEvent: (event: PoolEvent) => void;
}

/** Worker start-up at debug, deaths, hangs and restarts as warnings. */
export function logPoolEvent(logger: Logger, event: PoolEvent): void {
  switch (event.type) {
    case "ready":
      logger.debug("worker ready", {
        worker: event.worker,
        load_ms: Math.round(event.loadMs),
        warmup_ms: Math.round(event.warmupMs),
      });
      return;
    case "exited":
      logger.warn("worker exited", {
        worker: event.worker,
        reason: event.reason,
        held_batch: event.heldBatch,
      });
      return;
    case "hung":
      logger.warn("worker hung; replacing it", { worker: event.worker, after_ms: event.afterMs });
      return;
    case "respawning":
      logger.warn("restarting worker", { worker: event.worker, in_ms: event.inMs });
      return;
  }
}
