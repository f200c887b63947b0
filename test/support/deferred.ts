/** A promise with its resolve and reject at hand: a gate a test opens when it chooses. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run (no timers involved). */
export async function flushMicrotasks(rounds = 5): Promise<void> {
  for (let round = 0; round < rounds; round += 1) await Promise.resolve();
}
