import type { Logger } from "../logging/logger.ts";
import { createSystemdNotifier } from "./notifier.ts";
import { startWatchdog, watchdogIntervalMs } from "./watchdog.ts";
import { createWorkerLiveness } from "./worker-liveness.ts";

export interface SystemdService {
  /** The model is warm in every worker and the port is open: `READY=1`, then the watchdog. */
  ready(status: string): void;
  /** The drain began: `STOPPING=1`; the watchdog keeps pinging while the process drains. */
  stopping(status: string): void;
  /** Stops the watchdog timer (the process exits without it: the timer never holds it). */
  close(): void;
}

/**
 * ml-serving as a systemd `Type=notify` service with a watchdog. Without `$NOTIFY_SOCKET` (not
 * started by systemd) both calls do nothing and no timer is started.
 *
 * @example
 * const systemd = connectSystemd({ env: process.env, logger, readyWorkers: () => engine.stats().ready });
 * systemd.ready("Serving churn 0b2cb8679f8d on http://0.0.0.0:8000/");
 */
export function connectSystemd(options: {
  env: Record<string, string | undefined>;
  logger: Logger;
  readyWorkers: () => number;
}): SystemdService {
  const { env, logger } = options;
  const notifier = createSystemdNotifier(env, logger);
  if (!notifier.enabled) return { ready: () => {}, stopping: () => {}, close: () => {} };
  const intervalMs = watchdogIntervalMs(env);
  let draining = false;
  let stopWatchdog = () => {};
  return {
    ready(status) {
      notifier.ready(status);
      logger.info("notified systemd", {
        notify_socket: env.NOTIFY_SOCKET,
        watchdog_interval_ms: intervalMs ?? null,
      });
      if (intervalMs === undefined) return;
      const workersLive = createWorkerLiveness(options.readyWorkers);
      let paused = false;
      stopWatchdog = startWatchdog({
        intervalMs,
        // Draining: the workers may already be closing, and the stop timeout bounds the rest.
        healthy: () => draining || workersLive(),
        ping: () => {
          notifier.watchdog();
          if (paused) {
            paused = false;
            logger.info("an inference worker is ready again: watchdog pings resumed");
            notifier.status(status);
          }
        },
        onUnhealthy: () => {
          if (paused) return;
          paused = true;
          logger.error(
            "no inference worker ready: watchdog pings paused, systemd will restart the service",
          );
          notifier.status("No inference worker ready; watchdog pings paused");
        },
      });
    },
    stopping(status) {
      draining = true;
      notifier.stopping(status);
    },
    close: () => stopWatchdog(),
  };
}
