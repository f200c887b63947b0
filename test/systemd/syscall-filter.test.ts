import { afterAll, beforeAll, expect, test } from "bun:test";
import { chmodSync, chownSync, copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { listenForNotifications, type NotifyListener } from "../support/notify-listener.ts";
import {
  ensureBinary,
  postJson,
  repoRoot,
  type ServerProcess,
  startServer,
} from "../support/server-process.ts";
import { tempRoot } from "../support/staged-install.ts";
import { allowedSyscalls, syscallGroups } from "../support/syscall-groups.ts";
import { readUnitFile, settings } from "../support/unit-file.ts";
import { churnExample } from "../utils.ts";

// systemd cannot run the unit on this host (PID 1 is not systemd), so the seccomp filter is
// checked another way: every system call the binary makes from start to stop, traced with strace
// under an unprivileged uid as DynamicUser= would run it, must be one the unit's filter allows.

const nobody = 65534;
const asRoot = process.getuid?.() === 0;
const work = tempRoot("ml-serving-strace-");
let listener: NotifyListener;
let server: ServerProcess;

const example = churnExample;

beforeAll(async () => {
  // Everything the unprivileged process needs, in a directory it can reach.
  chmodSync(work.path, 0o755);
  const binary = join(work.path, "ml-serving");
  copyFileSync(await ensureBinary(), binary);
  chmodSync(binary, 0o755);
  const cache = join(work.path, "cache");
  mkdirSync(cache, { mode: 0o700 });
  if (asRoot) {
    chownSync(cache, nobody, nobody);
    chownSync(work.path, nobody, nobody);
  }
  // An abstract socket: no file permissions stand between the traced uid and the listener.
  listener = listenForNotifications(`@ml-serving-strace-${process.pid}`);
  const drop = asRoot
    ? ["setpriv", `--reuid=${nobody}`, `--regid=${nobody}`, "--clear-groups"]
    : [];
  server = await startServer({
    command: [...drop, "strace", "-f", "-qq", "-o", join(work.path, "trace.txt"), "--", binary],
    args: ["--workers", "2", "--threads", "2"],
    cwd: "/",
    env: {
      PATH: "/usr/local/bin:/usr/bin:/bin",
      HOME: "/",
      CACHE_DIRECTORY: cache,
      NOTIFY_SOCKET: listener.address,
      WATCHDOG_USEC: "200000",
    },
    timeoutMs: 60_000,
  });
}, 90_000);

afterAll(() => {
  listener?.close();
  work.remove();
});

test("every system call the binary makes is allowed by the unit's SystemCallFilter=", async () => {
  // Exercise the server: readiness, the API, errors, the notification socket, then the drain.
  expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
  expect((await postJson(`${server.url}/api/v1/predict`, example)).status).toBe(200);
  const items = Array.from({ length: 20 }, () => example);
  expect((await postJson(`${server.url}/api/v1/predict/batch`, { items })).status).toBe(200);
  expect((await postJson(`${server.url}/api/v1/predict`, { tenure_months: -1 })).status).toBe(422);
  expect((await fetch(`${server.url}/api/v1/model`)).status).toBe(200);
  await fetch(`${server.url}/metrics`);
  await listener.waitFor((n) => n.fields.WATCHDOG === "1");
  // strace blocks SIGTERM while it runs a program: signal the traced server itself.
  const started = await server.waitForLog((line) => line.msg === "starting ml-serving");
  process.kill(Number(started.pid), "SIGTERM");
  expect(await server.process.exited).toBe(0);
  await listener.waitFor((n) => n.fields.STOPPING === "1");

  const trace = readFileSync(join(work.path, "trace.txt"), "utf8");
  const used = new Set<string>();
  for (const match of trace.matchAll(/^\d+\s+([a-z_0-9]+)\(/gm)) used.add(match[1] as string);
  // The trace is real: the server accepted connections and sent datagrams.
  expect(used.has("accept4") && used.has("sendto") && used.has("clone3")).toBe(true);

  const unit = readUnitFile(join(repoRoot, "systemd/ml-serving.service"));
  const allowed = allowedSyscalls(
    settings(unit, "Service", "SystemCallFilter"),
    await syscallGroups(),
  );
  expect(allowed.has("setuid") || allowed.has("reboot")).toBe(false);
  expect([...used].filter((name) => !allowed.has(name)).sort()).toEqual([]);
}, 90_000);
