import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { bootMachine, canBootMachines, type Machine } from "../support/nspawn-machine.ts";
import { ensureBinary, repoRoot } from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

// The real thing: scripts/install.sh installs into a machine booted with systemd as PID 1 (a
// container of this host's OS, thrown away afterwards), and systemd runs the unit, sandbox,
// notifications, watchdog and all. Needs root (to boot the container).

const example = JSON.stringify(churnExample);

describe.skipIf(!canBootMachines)("under a real systemd", () => {
  let machine: Machine;
  const sh = (script: string) => machine.check(["sh", "-c", script]);
  const show = async (unit: string, property: string) =>
    machine.check(["systemctl", "show", unit, `--property=${property}`, "--value"]);
  const httpStatus = (port: number, path: string) =>
    sh(`curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:${port}${path}`);
  async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
    const deadline = performance.now() + timeoutMs;
    while (!(await condition())) {
      if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
      await Bun.sleep(100);
    }
  }

  beforeAll(async () => {
    await ensureBinary();
    machine = await bootMachine(`ml-serving-test-${process.pid}`, { [repoRoot]: "/src" });
  }, 60_000);
  afterAll(async () => {
    await machine?.poweroff();
  }, 30_000);

  test("install.sh installs, reloads systemd and enables the service, but does not start it", async () => {
    const result = await machine.run(["sh", "/src/scripts/install.sh", "/src/dist/ml-serving"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("reloaded   systemd");
    expect(result.stdout).toContain("enabled    ml-serving.service");
    expect(await machine.check(["systemctl", "is-enabled", "ml-serving.service"])).toBe("enabled");
    expect(await show("ml-serving.service", "ActiveState")).toBe("inactive");
    // On a host, where ExecStart= is installed: nothing to report either.
    const verify = await machine.run([
      "systemd-analyze",
      "verify",
      "ml-serving.service",
      "ml-serving@.service",
    ]);
    expect(verify).toMatchObject({ code: 0, stdout: "", stderr: "" });
  }, 30_000);

  test("systemctl start returns once the service is ready (READY=1), with a status line", async () => {
    await machine.check(["systemctl", "start", "ml-serving.service"]);
    // No waiting: start returned only after READY=1, which follows readiness.
    expect(await httpStatus(8000, "/health/ready")).toBe("200");
    expect(await show("ml-serving.service", "SubState")).toBe("running");
    const version = JSON.parse(
      await sh("curl -s http://127.0.0.1:8000/health/ready"),
    ).model_version;
    expect(await show("ml-serving.service", "StatusText")).toBe(
      `Serving churn ${version} on http://0.0.0.0:8000/`,
    );
    const prediction = JSON.parse(
      await sh(
        `curl -s -H 'content-type: application/json' -d '${example}' http://127.0.0.1:8000/api/v1/predict`,
      ),
    );
    expect(prediction.label).toMatch(/^(churn|no_churn)$/);
  }, 30_000);

  test("it runs as a dynamic user without privileges, under seccomp, with its cache", async () => {
    const pid = await show("ml-serving.service", "MainPID");
    const status = await sh(`cat /proc/${pid}/status`);
    const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(status)?.[1]?.trim();
    const uid = Number(field("Uid")?.split(/\s+/)[0]);
    expect(uid).toBeGreaterThanOrEqual(61184); // systemd's dynamic range: 61184–65519
    expect(uid).toBeLessThanOrEqual(65519);
    expect(field("CapEff")).toBe("0000000000000000");
    expect(field("CapBnd")).toBe("0000000000000000");
    expect(field("NoNewPrivs")).toBe("1");
    expect(field("Seccomp")).toBe("2");
    const cache = await sh(
      "stat -c '%u %a' /var/cache/private/ml-serving /var/cache/private/ml-serving/onnxruntime-*",
    );
    expect(cache.split("\n")).toEqual([`${uid} 700`, `${uid} 700`]);
    const security = await sh("systemd-analyze security ml-serving.service | tail -n 1");
    expect(Number(/: (\d+\.\d+) /.exec(security)?.[1])).toBeLessThanOrEqual(2.0);
  }, 30_000);

  test("the watchdog: pings keep it running; a stuck process is killed and restarted", async () => {
    await sh(
      "mkdir -p /run/systemd/system/ml-serving.service.d && printf '[Service]\\nWatchdogSec=2s\\n' > /run/systemd/system/ml-serving.service.d/test.conf",
    );
    await machine.check(["systemctl", "daemon-reload"]);
    await machine.check(["systemctl", "restart", "ml-serving.service"]);
    const pid = await show("ml-serving.service", "MainPID");
    const firstPing = await show("ml-serving.service", "WatchdogTimestampMonotonic");
    await Bun.sleep(3000); // longer than WatchdogSec: only the pings keep it alive
    expect(await show("ml-serving.service", "MainPID")).toBe(pid);
    expect(Number(await show("ml-serving.service", "WatchdogTimestampMonotonic"))).toBeGreaterThan(
      Number(firstPing),
    );

    await machine.check(["kill", "-STOP", pid]); // as stuck as a process gets
    await waitUntil(
      async () => (await show("ml-serving.service", "NRestarts")) === "1",
      "systemd restarted it",
    );
    await waitUntil(
      async () => (await show("ml-serving.service", "SubState")) === "running",
      "it runs again",
    );
    expect(await show("ml-serving.service", "MainPID")).not.toBe(pid);
    const journal = await machine.check([
      "journalctl",
      "-u",
      "ml-serving.service",
      "-o",
      "cat",
      "--no-pager",
    ]);
    expect(journal).toContain("Watchdog timeout");
    expect(journal).toContain("Failed with result 'watchdog'");

    await sh("rm -r /run/systemd/system/ml-serving.service.d");
    await machine.check(["systemctl", "daemon-reload"]);
  }, 60_000);

  test("systemctl stop drains and the process exits 0", async () => {
    await machine.check(["systemctl", "stop", "ml-serving.service"]);
    expect(await show("ml-serving.service", "Result")).toBe("success");
    expect(await show("ml-serving.service", "ExecMainStatus")).toBe("0");
    const journal = await machine.check([
      "journalctl",
      "-u",
      "ml-serving.service",
      "-o",
      "cat",
      "--no-pager",
      "-n",
      "6",
    ]);
    expect(journal).toContain('"msg":"draining"');
    expect(journal).toContain('"msg":"stopped"');
  }, 30_000);

  test("the template runs an instance per env file, on its own port and cache, with a model file", async () => {
    // A model where the docs suggest: readable by others, read-only to the service.
    await sh(
      "mkdir -p /etc/ml-serving/models && cp /src/models/churn.onnx /src/models/churn.manifest.json /etc/ml-serving/models/ && chmod 644 /etc/ml-serving/models/*",
    );
    await sh(
      "cp /usr/share/ml-serving/ml-serving.env /etc/ml-serving/a.env && printf 'ML_SERVING_PORT=8001\nML_SERVING_MODEL=/etc/ml-serving/models/churn.onnx\n' >> /etc/ml-serving/a.env",
    );
    await machine.check(["systemctl", "enable", "--now", "ml-serving@a.service"]);
    expect(await httpStatus(8001, "/health/ready")).toBe("200");
    expect(await show("ml-serving@a.service", "StatusText")).toContain("on http://0.0.0.0:8001/");
    const model = JSON.parse(await sh("curl -s http://127.0.0.1:8001/api/v1/model"));
    expect(model.source).toBe("/etc/ml-serving/models/churn.onnx");
    expect(await sh("ls /var/cache/private/ml-serving@a")).toMatch(/^onnxruntime-[0-9a-f]{16}$/);
    // An instance without its env file does not start.
    expect((await machine.run(["systemctl", "start", "ml-serving@missing.service"])).code).not.toBe(
      0,
    );
  }, 30_000);

  test("install.sh --uninstall stops and disables every unit and removes its files", async () => {
    await machine.check(["systemctl", "start", "ml-serving.service"]);
    const result = await machine.run(["sh", "/src/scripts/install.sh", "--uninstall"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("stopped and disabled  ml-serving.service");
    expect(result.stdout).toContain("stopped and disabled  ml-serving@a.service");
    const units = await machine.check([
      "systemctl",
      "list-units",
      "--all",
      "--plain",
      "--no-legend",
      "ml-serving*",
    ]);
    expect(units).toBe("");
    expect(
      await sh("ls /etc/systemd/system/multi-user.target.wants | grep -c ml-serving || true"),
    ).toBe("0");
    expect(
      await sh("ls /usr/local/bin /usr/local/lib/systemd/system | grep -c ml-serving || true"),
    ).toBe("0");
    expect(await sh("ls /etc/ml-serving")).toBe("a.env\nml-serving.env\nmodels");
    await machine.check(["sh", "/src/scripts/install.sh", "--uninstall", "--purge"]);
    expect((await machine.run(["test", "-e", "/etc/ml-serving"])).code).toBe(1);
  }, 30_000);
});
