import type { Logger } from "../logging/logger.ts";
import type { Lifecycle } from "./lifecycle.ts";

export interface ShutdownOptions {
  lifecycle: Lifecycle;
  logger: Logger;
  drainTimeoutMs: number;
  /** Told the moment draining starts (systemd STOPPING=1). */
  onDrainStart?: () => void;
  /** Closes the listener and the workers once the drain is over. */
  close: () => Promise<void>;
  exit?: (code: number) => void;
}

/**
 * Graceful drain on SIGTERM or SIGINT: readiness turns 503 and new work is refused at once,
 * in-flight requests finish (up to the drain timeout), then the process exits 0. A second
 * signal while draining exits at once.
 */
export function installShutdown(options: ShutdownOptions): (signal: string) => Promise<void> {
  const { lifecycle, logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let draining = false;
  const shutdown = async (signal: string) => {
    if (draining) {
      logger.warn("second signal while draining: exiting now", {
        signal,
        in_flight: lifecycle.inFlight(),
      });
      exit(1);
      return;
    }
    draining = true;
    const started = performance.now();
    lifecycle.beginDrain();
    options.onDrainStart?.();
    logger.info("draining", {
      signal,
      in_flight: lifecycle.inFlight(),
      timeout_ms: options.drainTimeoutMs,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const finished = await Promise.race([
      lifecycle.whenIdle().then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), options.drainTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      logger.warn("drain timeout: abandoning in-flight requests", {
        in_flight: lifecycle.inFlight(),
      });
    }
    await options.close();
    logger.info("stopped", {
      drain_ms: Math.round(performance.now() - started),
      accepted_requests: lifecycle.accepted(),
    });
    exit(0);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => void shutdown(signal));
  }
  return shutdown;
}
