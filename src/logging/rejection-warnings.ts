import { type Clock, systemClock } from "../batching/clock.ts";
import type { EngineObserver } from "../engine/engine-observer.ts";
import { DeadlineExceededError, QueueFullError } from "../errors.ts";
import type { Logger } from "./logger.ts";

export interface WarningOptions {
  /** @default 1000 */
  intervalMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

/**
 * Warns about one kind of refused request without flooding the log during an overload: the
 * first is logged at once, then at most one summary per `intervalMs` with the count since the
 * previous line, until an interval passes with none.
 */
function rateLimitedWarning(
  logger: Logger,
  kind: { message: string; countField: string; matches: (error: unknown) => boolean },
  options: WarningOptions,
): EngineObserver {
  const intervalMs = options.intervalMs ?? 1000;
  const clock = options.clock ?? systemClock;
  let unreported = 0;
  let active = false;

  function report(): void {
    logger.warn(kind.message, { [kind.countField]: unreported, interval_ms: intervalMs });
    unreported = 0;
  }

  function tick(): void {
    if (unreported === 0) {
      active = false;
      return;
    }
    report();
    clock.setTimer(tick, intervalMs);
  }

  return {
    requestFailed(_rows, error) {
      if (!kind.matches(error)) return;
      unreported += 1;
      if (active) return;
      active = true;
      report();
      clock.setTimer(tick, intervalMs);
    },
  };
}

/**
 * Load shedding (queue full), at most one line per interval.
 *
 * @example
 * const engine = createInferenceEngine({ ...options, observers: [shedWarning(logger)] });
 * // {"level":"warn","msg":"shedding load: the queue is full","shed_requests":1,...}
 * // {"level":"warn","msg":"shedding load: the queue is full","shed_requests":5210,"interval_ms":1000,...}
 */
export const shedWarning = (logger: Logger, options: WarningOptions = {}) =>
  rateLimitedWarning(
    logger,
    {
      message: "shedding load: the queue is full",
      countField: "shed_requests",
      matches: (error) => error instanceof QueueFullError,
    },
    options,
  );

/**
 * Requests whose deadline passed while they queued (504), at most one line per interval.
 *
 * @example
 * // {"level":"warn","msg":"requests timed out in the queue","timed_out_requests":37,...}
 */
export const timeoutWarning = (logger: Logger, options: WarningOptions = {}) =>
  rateLimitedWarning(
    logger,
    {
      message: "requests timed out in the queue",
      countField: "timed_out_requests",
      matches: (error) => error instanceof DeadlineExceededError,
    },
    options,
  );
