import { type Clock, systemClock } from "../batching/clock.ts";
import type { EngineObserver } from "../engine/engine-observer.ts";
import { QueueFullError } from "../errors.ts";
import type { Logger } from "./logger.ts";

/**
 * Warns when the engine sheds load (queue full), without flooding the log during an overload:
 * the first refusal is logged at once, then at most one summary per `intervalMs` with the count
 * of refusals since the previous line, until an interval passes with none.
 *
 * @example
 * const engine = createInferenceEngine({ ...options, observers: [shedWarning(logger)] });
 * // {"level":"warn","msg":"shedding load: the queue is full","shed_requests":1,...}
 * // {"level":"warn","msg":"shedding load: the queue is full","shed_requests":5210,"interval_ms":1000,...}
 */
export function shedWarning(
  logger: Logger,
  options: { intervalMs?: number; clock?: Clock } = {},
): EngineObserver {
  const intervalMs = options.intervalMs ?? 1000;
  const clock = options.clock ?? systemClock;
  let unreported = 0;
  let shedding = false;

  function report(): void {
    logger.warn("shedding load: the queue is full", {
      shed_requests: unreported,
      interval_ms: intervalMs,
    });
    unreported = 0;
  }

  function tick(): void {
    if (unreported === 0) {
      shedding = false;
      return;
    }
    report();
    clock.setTimer(tick, intervalMs);
  }

  return {
    requestFailed(_rows, error) {
      if (!(error instanceof QueueFullError)) return;
      unreported += 1;
      if (shedding) return;
      shedding = true;
      report();
      clock.setTimer(tick, intervalMs);
    },
  };
}
