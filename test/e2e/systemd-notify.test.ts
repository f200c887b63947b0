import { afterAll, expect, test } from "bun:test";
import { listenInTempDir, type Notification } from "../support/notify-listener.ts";
import { startServer } from "../support/server-process.ts";

const listener = listenInTempDir();
afterAll(() => listener.close());

const watchdogUsec = 400_000;
const pingIntervalMs = watchdogUsec / 2000;

function freePort(): number {
  const probe = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = probe.port as number;
  probe.stop(true);
  return port;
}

interface Poll {
  sentAfterReady: boolean;
  status: number | "refused";
}

test("the binary under a real NOTIFY_SOCKET: READY=1 once ready, WATCHDOG=1 pings, STOPPING=1 on SIGTERM", async () => {
  const port = freePort();
  const isReady = (n: Notification) => n.fields.READY === "1";
  // Readiness is polled from before the process starts until after READY=1 arrived.
  const polls: Poll[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const sentAfterReady = listener.received.some(isReady);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
        polls.push({ sentAfterReady, status: response.status });
      } catch {
        polls.push({ sentAfterReady, status: "refused" });
      }
      await Bun.sleep(5);
    }
  })();

  const server = await startServer({
    args: ["--port", String(port)],
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      NOTIFY_SOCKET: listener.address,
      WATCHDOG_USEC: String(watchdogUsec),
    },
    timeoutMs: 60_000,
  });
  const ready = await listener.waitFor(isReady);
  while (!polls.some((poll) => poll.sentAfterReady)) await Bun.sleep(5);
  polling = false;
  await poller;

  // Before READY=1 the server was not ready; every readiness check sent after it answered 200.
  expect(polls.filter((poll) => !poll.sentAfterReady).some((poll) => poll.status !== 200)).toBe(
    true,
  );
  expect(polls.filter((poll) => poll.sentAfterReady).map((poll) => poll.status)).toEqual(
    polls.filter((poll) => poll.sentAfterReady).map(() => 200),
  );
  const readiness = (await (await fetch(`${server.url}/health/ready`)).json()) as {
    model_version: string;
  };
  expect(ready.fields.STATUS).toBe(`Serving churn ${readiness.model_version} on ${server.url}/`);

  // Periodic pings, none before READY=1 and none more often than every WATCHDOG_USEC / 2.
  const pings = () => listener.received.filter((n) => n.fields.WATCHDOG === "1");
  await listener.waitFor(() => pings().length >= 3, 10_000);
  const elapsedMs = performance.now() - ready.receivedAt;
  expect(pings().every((ping) => ping.receivedAt > ready.receivedAt)).toBe(true);
  expect(pings().length).toBeLessThanOrEqual(Math.floor(elapsedMs / pingIntervalMs) + 2);

  expect(await server.stop()).toBe(0);
  const stopping = await listener.waitFor((n) => n.fields.STOPPING === "1");
  expect(stopping.fields.STATUS).toBe("Draining 0 in-flight requests");
  expect(stopping.receivedAt).toBeGreaterThan(ready.receivedAt);
  expect(listener.received.filter(isReady)).toHaveLength(1);
  expect(server.logs.find((line) => line.msg === "notified systemd")).toMatchObject({
    watchdog_interval_ms: pingIntervalMs,
  });
}, 90_000);
