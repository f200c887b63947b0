import { expect, test } from "bun:test";
import { createLogger } from "../../src/logging/logger.ts";
import { createSystemdNotifier } from "../../src/systemd/notifier.ts";

function recordingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "debug",
    format: "json",
    write: (line) => lines.push(JSON.parse(line)),
  });
  return { logger, lines };
}

test("without NOTIFY_SOCKET it is disabled and never opens a sender", () => {
  const { logger, lines } = recordingLogger();
  let senders = 0;
  const notifier = createSystemdNotifier({}, logger, () => {
    senders += 1;
    return () => {};
  });
  notifier.ready("x");
  notifier.watchdog();
  notifier.stopping("y");
  notifier.status("z");
  expect(notifier.enabled).toBe(false);
  expect(senders).toBe(0);
  expect(lines).toEqual([]);
});

test("speaks the sd_notify protocol, one line of status", () => {
  const { logger } = recordingLogger();
  const sent: string[] = [];
  const notifier = createSystemdNotifier({ NOTIFY_SOCKET: "@test" }, logger, (address) => {
    expect(address).toBe("@test");
    return (message) => sent.push(message);
  });
  notifier.ready("Serving churn\non port 8000");
  notifier.watchdog();
  notifier.status("Busy");
  notifier.stopping("Draining 3 in-flight requests");
  expect(notifier.enabled).toBe(true);
  expect(sent).toEqual([
    "READY=1\nSTATUS=Serving churn on port 8000",
    "WATCHDOG=1",
    "STATUS=Busy",
    "STOPPING=1\nSTATUS=Draining 3 in-flight requests",
  ]);
});

test("a failed send is logged, not thrown: the service keeps serving", () => {
  const { logger, lines } = recordingLogger();
  const notifier = createSystemdNotifier({ NOTIFY_SOCKET: "/nowhere" }, logger, () => () => {
    throw new Error("sendto /nowhere failed: ENOENT");
  });
  expect(() => notifier.watchdog()).not.toThrow();
  expect(lines).toMatchObject([
    { level: "warn", msg: "systemd notification failed", error: "sendto /nowhere failed: ENOENT" },
  ]);
});

test("an unusable NOTIFY_SOCKET is logged once at start, then ignored", () => {
  const { logger, lines } = recordingLogger();
  const notifier = createSystemdNotifier({ NOTIFY_SOCKET: "relative.sock" }, logger);
  notifier.ready("x");
  expect(lines).toMatchObject([{ level: "error", msg: "cannot notify systemd" }]);
});
