import { afterEach, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNotifySender } from "../../src/systemd/notify-socket.ts";
import {
  listenForNotifications,
  listenInTempDir,
  type NotifyListener,
} from "../support/notify-listener.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function listenOnPath(): NotifyListener {
  const listener = listenInTempDir();
  cleanups.push(() => listener.close());
  return listener;
}

function listenAbstract(): NotifyListener {
  const listener = listenForNotifications(`@ml-serving-test-${process.pid}-${Math.random()}`);
  cleanups.push(() => listener.close());
  return listener;
}

test("the test listener receives what systemd's own systemd-notify sends", async () => {
  for (const listener of [listenOnPath(), listenAbstract()]) {
    const child = Bun.spawn(["systemd-notify", "--ready", "--status=from systemd-notify"], {
      env: { NOTIFY_SOCKET: listener.address },
    });
    expect(await child.exited).toBe(0);
    const got = await listener.waitFor((n) => n.fields.READY === "1");
    expect(got.fields.STATUS).toBe("from systemd-notify");
  }
});

test("sends one datagram per message to a socket path", async () => {
  const listener = listenOnPath();
  const send = createNotifySender(listener.address);
  send("READY=1\nSTATUS=Serving");
  send("WATCHDOG=1");
  await listener.waitFor((n) => n.fields.WATCHDOG === "1");
  expect(listener.received.map((n) => n.text)).toEqual(["READY=1\nSTATUS=Serving", "WATCHDOG=1"]);
});

test("sends to an abstract socket (@name)", async () => {
  const listener = listenAbstract();
  createNotifySender(listener.address)("STOPPING=1");
  const got = await listener.waitFor((n) => n.fields.STOPPING === "1");
  expect(got.text).toBe("STOPPING=1");
});

test("throws with the errno name when nobody listens", () => {
  const dir = mkdtempSync(join(tmpdir(), "notify-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  expect(() => createNotifySender(join(dir, "absent.sock"))("READY=1")).toThrow(/ENOENT/);
  expect(() => createNotifySender(`@absent-${process.pid}-${Math.random()}`)("READY=1")).toThrow(
    /ECONNREFUSED/,
  );
});
