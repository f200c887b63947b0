import { expect, test } from "bun:test";
import { createWorkerLiveness } from "../../src/systemd/worker-liveness.ts";

// Ready workers seen at each watchdog tick → whether that tick pings.
test.each([
  ["always a worker ready", [2, 1, 1, 2], [true, true, true, true]],
  [
    "one tick without (a worker being replaced) is forgiven",
    [1, 0, 1, 0, 1],
    [true, true, true, true, true],
  ],
  ["two ticks in a row without stop the pings", [1, 0, 0, 0], [true, true, false, false]],
  ["pings resume when a worker is back", [1, 0, 0, 1, 1], [true, true, false, true, true]],
  ["no worker from the first tick on: one tick of grace", [0, 0], [true, false]],
])("%s", (_, ready, expected) => {
  const queue = [...ready];
  const healthy = createWorkerLiveness(() => queue.shift() ?? Number.NaN);
  expect(ready.map(() => healthy())).toEqual(expected);
});
