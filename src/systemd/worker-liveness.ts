/**
 * The watchdog's view of the inference workers: healthy while at least one worker is ready, with
 * one tick of grace. The pool replaces a dead or hung worker by itself (its own watchdog), and a
 * replacement takes about one model load; if no worker is ready at two ticks in a row, the pool
 * is not recovering and systemd should restart the whole service.
 *
 * @example
 * const healthy = createWorkerLiveness(() => engine.stats().ready);
 * healthy(); // true while a worker is ready now or was at the previous call
 */
export function createWorkerLiveness(readyWorkers: () => number): () => boolean {
  let readyBefore = true;
  return () => {
    const readyNow = readyWorkers() > 0;
    const healthy = readyNow || readyBefore;
    readyBefore = readyNow;
    return healthy;
  };
}
