import { afterEach, expect, test } from "bun:test";
import { createLogger } from "../../src/logging/logger.ts";
import { connectSystemd } from "../../src/systemd/systemd-service.ts";
import { listenInTempDir, type NotifyListener } from "../support/notify-listener.ts";

const logger = createLogger({ level: "error", format: "json", write: () => {} });
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function connect(options: Parameters<typeof connectSystemd>[0]) {
  const systemd = connectSystemd(options);
  cleanups.push(() => systemd.close());
  return systemd;
}

function listen(): NotifyListener {
  const listener = listenInTempDir();
  cleanups.push(() => listener.close());
  return listener;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("not under systemd: no notification and no watchdog timer, even with WATCHDOG_USEC", async () => {
  let asked = 0;
  const systemd = connect({
    env: { WATCHDOG_USEC: "2000" },
    logger,
    readyWorkers: () => {
      asked += 1;
      return 1;
    },
  });
  systemd.ready("Serving");
  systemd.stopping("Draining");
  await sleep(50);
  expect(asked).toBe(0);
});

test("READY=1, then WATCHDOG=1 pings while a worker is ready, then STOPPING=1", async () => {
  const listener = listen();
  let asked = 0;
  const systemd = connect({
    env: { NOTIFY_SOCKET: listener.address, WATCHDOG_USEC: "20000" },
    logger,
    readyWorkers: () => {
      asked += 1;
      return 1;
    },
  });
  await sleep(30);
  expect(listener.received).toEqual([]);
  systemd.ready("Serving churn");
  await listener.waitFor((n) => n.fields.WATCHDOG === "1" && asked >= 3);
  systemd.stopping("Draining 0 in-flight requests");
  const stopping = await listener.waitFor((n) => n.fields.STOPPING === "1");
  expect(listener.received[0]?.fields).toEqual({ READY: "1", STATUS: "Serving churn" });
  expect(stopping.fields.STATUS).toBe("Draining 0 in-flight requests");
});

test("pings stop when no worker is ready for two ticks, and resume when one is", async () => {
  const listener = listen();
  let ready = 1;
  let ticks = 0;
  const systemd = connect({
    env: { NOTIFY_SOCKET: listener.address, WATCHDOG_USEC: "20000" },
    logger,
    readyWorkers: () => {
      ticks += 1;
      return ready;
    },
  });
  systemd.ready("Serving churn");
  await listener.waitFor((n) => n.fields.WATCHDOG === "1");
  ready = 0;
  const paused = await listener.waitFor(
    (n) => n.fields.STATUS?.startsWith("No inference worker") ?? false,
  );
  const pingsAtPause = listener.received.filter((n) => n.fields.WATCHDOG === "1").length;
  const ticksAtPause = ticks;
  while (ticks < ticksAtPause + 5) await sleep(10);
  // Not one ping while no worker was ready, however many ticks passed.
  expect(listener.received.filter((n) => n.fields.WATCHDOG === "1").length).toBe(pingsAtPause);
  expect(paused.receivedAt).toBeGreaterThan(0);
  ready = 1;
  await listener.waitFor((n) => n.fields.STATUS === "Serving churn" && n !== listener.received[0]);
  await listener.waitFor((n) => n.fields.WATCHDOG === "1" && n.receivedAt > paused.receivedAt);
  systemd.stopping("Draining");
});

test("while draining the watchdog keeps pinging though the workers are closing", async () => {
  const listener = listen();
  let ready = 1;
  const systemd = connect({
    env: { NOTIFY_SOCKET: listener.address, WATCHDOG_USEC: "20000" },
    logger,
    readyWorkers: () => ready,
  });
  systemd.ready("Serving churn");
  systemd.stopping("Draining");
  ready = 0;
  const stopping = await listener.waitFor((n) => n.fields.STOPPING === "1");
  await listener.waitFor(
    (n) => n.fields.WATCHDOG === "1" && n.receivedAt > stopping.receivedAt + 50,
  );
  expect(listener.received.some((n) => n.fields.STATUS?.startsWith("No inference worker"))).toBe(
    false,
  );
});
