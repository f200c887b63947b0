import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { renameSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "../../scripts/lib/run-command.ts";
import { optionSpecs } from "../../src/config/options.ts";
import { ensureBinary, repoRoot } from "../support/server-process.ts";
import { addHostSystemdUnits, runInstaller, tempRoot } from "../support/staged-install.ts";
import { readUnitFile, setting, settings, timespanMs } from "../support/unit-file.ts";

const units = ["ml-serving.service", "ml-serving@.service"];
const unitDir = "/usr/local/lib/systemd/system";

async function analyze(args: string[]) {
  const { code, stdout, stderr } = await runCommand(["systemd-analyze", ...args]);
  return { code, output: `${stdout}${stderr}`.trim() };
}

// Verified as installed: in a staging root holding the real binary where ExecStart= expects it.
describe("systemd-analyze verify", () => {
  const root = tempRoot();
  beforeAll(async () => {
    const installed = await runInstaller(["--root", root.path, await ensureBinary()]);
    expect(installed.code).toBe(0);
    addHostSystemdUnits(root.path);
  }, 60_000);
  afterAll(() => root.remove());

  const verify = (unit: string) =>
    analyze(["verify", `--root=${root.path}`, "--man=no", "--generators=no", join(unitDir, unit)]);

  for (const unit of units) {
    test(`reports nothing on ${unit}`, async () => {
      expect(await verify(unit)).toEqual({ code: 0, output: "" });
    });
  }

  test("would notice a missing binary (the check looks inside the staging root)", async () => {
    const binary = join(root.path, "usr/local/bin/ml-serving");
    renameSync(binary, `${binary}.away`);
    try {
      const result = await verify("ml-serving.service");
      expect(result.output).toContain("/usr/local/bin/ml-serving is not executable");
    } finally {
      renameSync(`${binary}.away`, binary);
    }
  });
});

describe("systemd-analyze security --offline=yes", () => {
  for (const unit of units) {
    test(`rates ${unit} 2.0 or lower (OK or better)`, async () => {
      const result = await analyze(["security", "--offline=yes", join(repoRoot, "systemd", unit)]);
      const rating = /Overall exposure level for \S+: (\d+\.\d+) (\S+)/.exec(result.output);
      expect(rating).not.toBeNull();
      expect(Number(rating?.[1])).toBeLessThanOrEqual(2.0);
      expect(["OK", "SAFE"]).toContain(rating?.[2] as string);
    });
  }
});

describe("the service unit", () => {
  const unit = readUnitFile(join(repoRoot, "systemd/ml-serving.service"));

  test("is a notify service with a watchdog, run by an unprivileged dynamic user", () => {
    expect(setting(unit, "Service", "Type")).toBe("notify");
    expect(setting(unit, "Service", "NotifyAccess")).toBe("main");
    expect(timespanMs(setting(unit, "Service", "WatchdogSec"))).toBeGreaterThan(0);
    expect(setting(unit, "Service", "DynamicUser")).toBe("yes");
    expect(setting(unit, "Service", "ExecStart")).toBe("/usr/local/bin/ml-serving");
    expect(setting(unit, "Service", "EnvironmentFile")).toBe("-/etc/ml-serving/ml-serving.env");
  });

  test("gives the unpacked runtime a private cache directory", () => {
    expect(setting(unit, "Service", "CacheDirectory")).toBe("ml-serving");
    // unpack-native refuses a directory that others may write to.
    expect(Number.parseInt(setting(unit, "Service", "CacheDirectoryMode"), 8) & 0o022).toBe(0);
  });

  test("waits longer for a stop than the default drain takes", () => {
    const drainMs = optionSpecs.drainTimeoutMs.defaultValue();
    expect(timespanMs(setting(unit, "Service", "TimeoutStopSec"))).toBeGreaterThan(drainMs);
  });

  test("restarts on failure, within a start-rate limit", () => {
    expect(setting(unit, "Service", "Restart")).toBe("on-failure");
    expect(Number(setting(unit, "Unit", "StartLimitBurst"))).toBeGreaterThan(0);
    expect(timespanMs(setting(unit, "Unit", "StartLimitIntervalSec"))).toBeGreaterThan(0);
  });

  test("limits memory and tasks and allows many connections", () => {
    expect(setting(unit, "Service", "MemoryMax")).toMatch(/^\d+[KMGT]$/);
    expect(Number(setting(unit, "Service", "TasksMax"))).toBeGreaterThan(0);
    expect(Number(setting(unit, "Service", "LimitNOFILE"))).toBeGreaterThanOrEqual(65536);
  });

  test("leaves W+X memory allowed: Bun's JIT and bun:ffi need it", () => {
    expect(settings(unit, "Service", "MemoryDenyWriteExecute")).toEqual([]);
  });

  test("has no capabilities, new privileges, or address families beyond TCP/IP and Unix", () => {
    expect(setting(unit, "Service", "CapabilityBoundingSet")).toBe("");
    expect(setting(unit, "Service", "NoNewPrivileges")).toBe("yes");
    expect(setting(unit, "Service", "RestrictAddressFamilies").split(" ").sort()).toEqual([
      "AF_INET",
      "AF_INET6",
      "AF_UNIX",
    ]);
  });
});

test("the template differs from the service only where an instance must", () => {
  const service = readUnitFile(join(repoRoot, "systemd/ml-serving.service"));
  const template = readUnitFile(join(repoRoot, "systemd/ml-serving@.service"));
  const differing = new Set([
    "Description",
    "EnvironmentFile",
    "SyslogIdentifier",
    "CacheDirectory",
  ]);
  const same = (unit: typeof service) =>
    [...unit].map(([section, entries]) => [
      section,
      entries.filter(([key]) => !differing.has(key)),
    ]);
  expect(same(template)).toEqual(same(service));
  expect(setting(template, "Service", "EnvironmentFile")).toBe("/etc/ml-serving/%i.env");
  expect(setting(template, "Service", "CacheDirectory")).toBe("ml-serving@%i");
  expect(setting(template, "Unit", "Description")).toContain("%i");
});
