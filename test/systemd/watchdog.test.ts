import { expect, test } from "bun:test";
import { startWatchdog, watchdogIntervalMs } from "../../src/systemd/watchdog.ts";
import { deferred } from "../support/deferred.ts";

test.each([
  [{ WATCHDOG_USEC: "30000000" }, 15_000],
  [{ WATCHDOG_USEC: "1000" }, 1],
  [{ WATCHDOG_USEC: "400000", WATCHDOG_PID: "4242" }, 200],
  [{ WATCHDOG_USEC: "400000", WATCHDOG_PID: "4243" }, undefined],
  [{ WATCHDOG_USEC: "0" }, undefined],
  [{ WATCHDOG_USEC: "soon" }, undefined],
  [{ WATCHDOG_USEC: "-5" }, undefined],
  [{}, undefined],
])("watchdogIntervalMs(%j) for pid 4242 is %p", (env, expected) => {
  expect(watchdogIntervalMs(env, 4242)).toBe(expected);
});

test("pings on every tick while healthy, and not when unhealthy", async () => {
  const answers = [true, false, true, false, false, true];
  const events: string[] = [];
  const done = deferred<void>();
  const stop = startWatchdog({
    intervalMs: 1,
    healthy: () => {
      const answer = answers.shift();
      if (answer === undefined) done.resolve();
      return answer ?? false;
    },
    ping: () => events.push("ping"),
    onUnhealthy: () => events.push("skip"),
  });
  await done.promise;
  stop();
  expect(events.slice(0, 6)).toEqual(["ping", "skip", "ping", "skip", "skip", "ping"]);
});

test("the watchdog timer never keeps the process alive", async () => {
  const module = new URL("../../src/systemd/watchdog.ts", import.meta.url).pathname;
  const script = `import { startWatchdog } from ${JSON.stringify(module)};
startWatchdog({ intervalMs: 60_000, healthy: () => true, ping: () => {} });
console.log("started");`;
  const child = Bun.spawn([process.execPath, "-e", script], { stdout: "pipe" });
  const killer = setTimeout(() => child.kill(), 10_000);
  expect(await child.exited).toBe(0);
  clearTimeout(killer);
  expect((await new Response(child.stdout).text()).trim()).toBe("started");
});
