import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { repoRoot } from "../support/server-process.ts";
import { installScript, runInstaller, tempRoot } from "../support/staged-install.ts";

/** Every file and symlink under `root`, as absolute paths on the target host. */
function listFiles(root: string, dir = root): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(root, path));
    else found.push(`/${relative(root, path)}`);
  }
  return found.sort();
}

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
const read = (path: string) => readFileSync(path, "utf8");

/** What the repository ships besides the binary, as installed paths. */
function shippedExtras(): string[] {
  const extras: string[] = [];
  const ops = join(repoRoot, "ops");
  if (existsSync(ops)) {
    extras.push(...listFiles(ops).map((path) => `/usr/share/ml-serving/ops${path}`));
  }
  if (existsSync(join(repoRoot, "docs/operations.md"))) {
    extras.push("/usr/share/doc/ml-serving/operations.md");
  }
  return extras;
}

const installedFiles = [
  "/etc/ml-serving/ml-serving.env",
  "/usr/local/bin/ml-serving",
  "/usr/local/lib/systemd/system/ml-serving.service",
  "/usr/local/lib/systemd/system/ml-serving@.service",
  "/usr/share/ml-serving/ml-serving.env",
  ...shippedExtras(),
].sort();

const work = tempRoot("ml-serving-install-test-");
const stage = join(work.path, "root");

/** A stand-in binary: install.sh runs `BINARY --version`, and the test can tell versions apart. */
function fakeBinary(version: string): string {
  const path = join(work.path, `ml-serving-${version}`);
  writeFileSync(path, `#!/bin/sh\necho "ml-serving ${version}"\n`);
  chmodSync(path, 0o755);
  return path;
}

afterAll(() => work.remove());

describe("install, upgrade and uninstall in a staging root", () => {
  let v1: string;
  let v2: string;
  beforeAll(() => {
    v1 = fakeBinary("1.0.0");
    v2 = fakeBinary("2.0.0");
  });

  test("a first install puts exactly the expected files in place and leaves systemd alone", async () => {
    const result = await runInstaller(["--root", stage, v1]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("Installing ml-serving 1.0.0");
    expect(result.stdout).toContain("systemd was not reloaded and nothing was enabled");
    expect(listFiles(stage)).toEqual(installedFiles);
    expect(read(join(stage, "usr/local/bin/ml-serving"))).toBe(read(v1));
    expect(mode(join(stage, "usr/local/bin/ml-serving"))).toBe("755");
    expect(mode(join(stage, "etc/ml-serving/ml-serving.env"))).toBe("600");
    expect(mode(join(stage, "usr/local/lib/systemd/system/ml-serving.service"))).toBe("644");
    expect(read(join(stage, "etc/ml-serving/ml-serving.env"))).toBe(
      read(join(repoRoot, "systemd/ml-serving.env")),
    );
    for (const unit of ["ml-serving.service", "ml-serving@.service"]) {
      expect(read(join(stage, "usr/local/lib/systemd/system", unit))).toBe(
        read(join(repoRoot, "systemd", unit)),
      );
    }
  });

  test("running it again changes nothing and says so", async () => {
    const before = listFiles(stage).map((path) => [path, read(join(stage, path))]);
    const result = await runInstaller(["--root", stage, v1]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/\b(installed|updated|created)\b/);
    expect(result.stdout).toContain("unchanged  /usr/local/bin/ml-serving");
    expect(result.stdout).toContain("kept       /etc/ml-serving/ml-serving.env");
    expect(listFiles(stage).map((path) => [path, read(join(stage, path))])).toEqual(before);
  });

  test("an upgrade replaces the binary but keeps the operator's env file", async () => {
    const envPath = join(stage, "etc/ml-serving/ml-serving.env");
    appendFileSync(envPath, "ML_SERVING_PORT=9000\n");
    const edited = read(envPath);
    const result = await runInstaller(["--root", stage, v2]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("updated  /usr/local/bin/ml-serving");
    expect(read(join(stage, "usr/local/bin/ml-serving"))).toBe(read(v2));
    expect(read(envPath)).toBe(edited);
    expect(mode(envPath)).toBe("600");
    expect(listFiles(stage)).toEqual(installedFiles);
  });

  test("uninstall removes what it installed and the service's cache, keeping the operator's files", async () => {
    // What systemd leaves with DynamicUser= and CacheDirectory=, and an operator's drop-in.
    mkdirSync(join(stage, "var/cache/private/ml-serving/onnxruntime-0123"), { recursive: true });
    writeFileSync(
      join(stage, "var/cache/private/ml-serving/onnxruntime-0123/libonnxruntime.so.1"),
      "",
    );
    symlinkSync("private/ml-serving", join(stage, "var/cache/ml-serving"));
    mkdirSync(join(stage, "var/cache/private/ml-serving@a"), { recursive: true });
    writeFileSync(join(stage, "var/cache/private/ml-serving@a/.complete"), "");
    mkdirSync(join(stage, "etc/systemd/system/ml-serving.service.d"), { recursive: true });
    writeFileSync(
      join(stage, "etc/systemd/system/ml-serving.service.d/override.conf"),
      "[Service]\nMemoryMax=8G\n",
    );
    const result = await runInstaller(["--uninstall"], { DESTDIR: stage });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("kept       /etc/ml-serving");
    expect(listFiles(stage)).toEqual([
      "/etc/ml-serving/ml-serving.env",
      "/etc/systemd/system/ml-serving.service.d/override.conf",
    ]);
    expect(read(join(stage, "etc/ml-serving/ml-serving.env"))).toContain(
      "\nML_SERVING_PORT=9000\n",
    );
    expect(existsSync(join(stage, "var/cache/private/ml-serving@a"))).toBe(false);
  });

  test("uninstalling again is harmless", async () => {
    const result = await runInstaller(["--uninstall", "--root", stage]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("removed");
    expect(listFiles(stage)).toHaveLength(2);
  });

  test("a reinstall finds the kept env file and leaves it as it was", async () => {
    const result = await runInstaller(["--root", stage, v2]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("kept       /etc/ml-serving/ml-serving.env");
    expect(read(join(stage, "etc/ml-serving/ml-serving.env"))).toContain(
      "\nML_SERVING_PORT=9000\n",
    );
  });

  test("--uninstall --purge leaves nothing behind", async () => {
    const result = await runInstaller(["--uninstall", "--purge", `--root=${stage}`]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("removed  /etc/ml-serving");
    expect(result.stdout).toContain("removed  /etc/systemd/system/ml-serving.service.d");
    expect(listFiles(stage)).toEqual([]);
  });
});

describe("the installer refuses clearly", () => {
  test("to install into / when not root, naming the way out", async () => {
    // Run as an unprivileged user; setpriv exits before the script if it cannot switch.
    const script = join(work.path, "install-copy.sh");
    copyFileSync(installScript, script);
    chmodSync(work.path, 0o755);
    chmodSync(script, 0o755);
    const asRoot = process.getuid?.() === 0;
    const command = asRoot
      ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "sh", script, "/bin/true"]
      : ["sh", script, "/bin/true"];
    const child = Bun.spawn(command, {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
      stderr: "pipe",
      stdout: "pipe",
    });
    expect(await child.exited).toBe(1);
    const stderr = await new Response(child.stderr).text();
    expect(stderr).toContain("installing into / needs root");
    expect(stderr).toContain("--root DIR or DESTDIR=DIR");
    expect(await new Response(child.stdout).text()).toBe("");
  });

  test.each([
    [["--purge"], "--purge goes with --uninstall"],
    [["--bogus"], "unknown option --bogus"],
    [["/nonexistent/ml-serving"], "no binary at /nonexistent/ml-serving"],
    [["NOT_EXECUTABLE"], "NOT_EXECUTABLE is not executable"],
    [["/bin/false"], "/bin/false does not run on this host"],
  ])("%j: %s", async (given, message) => {
    const target = join(work.path, "refused");
    writeFileSync(join(work.path, "NOT_EXECUTABLE"), "#!/bin/sh\n", { mode: 0o644 });
    const args = given.map((arg) => (arg === "NOT_EXECUTABLE" ? join(work.path, arg) : arg));
    const result = await runInstaller(["--root", target, ...args]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(existsSync(target) ? listFiles(target) : []).toEqual([]);
  });
});

test("--help explains what it installs where", async () => {
  const result = await runInstaller(["--help"]);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain("/usr/local/bin/ml-serving");
  expect(result.stdout).toContain("--uninstall");
  expect(result.stdout).toContain("--root DIR");
});
