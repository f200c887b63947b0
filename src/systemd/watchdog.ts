/**
 * How often to send `WATCHDOG=1`: half of `$WATCHDOG_USEC`, in milliseconds, as sd_watchdog_enabled(3)
 * recommends. Undefined when systemd set no watchdog, or set it for another process
 * (`$WATCHDOG_PID`).
 *
 * @example
 * watchdogIntervalMs({ WATCHDOG_USEC: "30000000" }) // 15000
 */
export function watchdogIntervalMs(
  env: Record<string, string | undefined>,
  pid = process.pid,
): number | undefined {
  const usec = env.WATCHDOG_USEC?.trim();
  if (!usec || !/^\d+$/.test(usec) || Number(usec) === 0) return undefined;
  const owner = env.WATCHDOG_PID?.trim();
  if (owner && Number(owner) !== pid) return undefined;
  return Math.max(1, Math.floor(Number(usec) / 2000));
}

export interface WatchdogOptions {
  intervalMs: number;
  /** Asked at every tick; the ping is sent only if it answers true. */
  healthy: () => boolean;
  ping: () => void;
  /** A tick that sent no ping because `healthy` said false. */
  onUnhealthy?: () => void;
}

/**
 * Pings on a timer of the main event loop, so a stuck loop stops the pings by itself; `healthy`
 * adds what the loop cannot see. The timer never keeps the process alive.
 *
 * @example
 * const stop = startWatchdog({ intervalMs: 15_000, healthy: () => true, ping: () => notifier.watchdog() });
 */
export function startWatchdog(options: WatchdogOptions): () => void {
  const timer = setInterval(() => {
    if (options.healthy()) options.ping();
    else options.onUnhealthy?.();
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
