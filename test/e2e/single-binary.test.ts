// The product is one file: copied alone into an empty directory and run with an empty
// environment (no HOME, no PATH, no node_modules anywhere near), it serves.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../../scripts/lib/run-command.ts";
import { ensureBinary, postJson, repoRoot, startServer } from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

const example = churnExample;

let sandbox: string;
let binary: string;
const penguins = join(repoRoot, "test/fixtures/models/penguins.onnx");
const runtime = () => ["--runtime-dir", join(sandbox, "runtime-a")];

/** The penguins model under a new name, beside the churn manifest: they do not match. */
function mismatchedPackage(): string {
  const path = join(sandbox, "mismatched.onnx");
  copyFileSync(penguins, path);
  copyFileSync(
    join(repoRoot, "models/churn.manifest.json"),
    join(sandbox, "mismatched.manifest.json"),
  );
  return path;
}

beforeAll(async () => {
  sandbox = mkdtempSync(join(tmpdir(), "ml-serving-alone-"));
  binary = join(sandbox, "ml-serving");
  copyFileSync(await ensureBinary(), binary);
}, 120_000);

afterAll(() => {
  rmSync(sandbox, { recursive: true, force: true });
});

/** Runs the lone binary to completion with an empty environment. */
function run(args: string[], env: Record<string, string> = {}) {
  const assignments = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  return runCommand(["env", "-i", ...assignments, binary, ...args], { cwd: sandbox });
}

describe("the binary alone, with env -i", () => {
  test("the directory holds nothing but the binary", () => {
    expect(readdirSync(sandbox)).toEqual(["ml-serving"]);
    expect(statSync(binary).size).toBeGreaterThan(50 * 1048576);
  });

  test("serves the embedded model: predict, batch, health, readiness", async () => {
    const runtimeDir = join(sandbox, "runtime-a");
    const server = await startServer({
      command: ["env", "-i", binary],
      cwd: sandbox,
      env: {},
      args: ["--runtime-dir", runtimeDir],
    });
    try {
      expect((await fetch(`${server.url}/health`)).status).toBe(200);
      expect((await fetch(`${server.url}/health/ready`)).status).toBe(200);
      const single = await postJson(`${server.url}/api/v1/predict`, example);
      expect(single.status).toBe(200);
      expect(single.body.label).toMatch(/^(no_churn|churn)$/);
      const batch = await postJson(`${server.url}/api/v1/predict/batch`, {
        items: [example, example],
      });
      expect(batch.status).toBe(200);
      expect((batch.body.results as unknown[]).length).toBe(2);
      expect(server.logs.find((line) => line.msg === "runtime files")).toMatchObject({
        unpacked: true,
      });
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // A second start reuses the unpacked files.
    const library = readdirSync(runtimeDir).find((name) =>
      name.startsWith("onnxruntime-"),
    ) as string;
    const inode = statSync(join(runtimeDir, library, "libonnxruntime.so.1")).ino;
    const again = await startServer({
      command: ["env", "-i", binary],
      cwd: sandbox,
      env: {},
      args: ["--runtime-dir", runtimeDir],
    });
    try {
      expect(again.logs.find((line) => line.msg === "runtime files")).toMatchObject({
        unpacked: false,
      });
      expect((await postJson(`${again.url}/api/v1/predict`, example)).status).toBe(200);
    } finally {
      expect(await again.stop()).toBe(0);
    }
    expect(statSync(join(runtimeDir, library, "libonnxruntime.so.1")).ino).toBe(inode);
  }, 60_000);

  test("with no HOME as root, runtime files go to /var/cache/ml-serving", async () => {
    if (process.getuid?.() !== 0) return;
    const server = await startServer({ command: ["env", "-i", binary], cwd: sandbox, env: {} });
    try {
      expect(String(server.logs.find((line) => line.msg === "runtime files")?.dir)).toStartWith(
        "/var/cache/ml-serving/onnxruntime-",
      );
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  test("two processes starting at once on a fresh runtime directory both come up", async () => {
    const runtimeDir = join(sandbox, "runtime-race");
    const servers = await Promise.all(
      [1, 2].map(() =>
        startServer({
          command: ["env", "-i", binary],
          cwd: sandbox,
          env: {},
          args: ["--runtime-dir", runtimeDir],
        }),
      ),
    );
    try {
      for (const server of servers)
        expect((await postJson(`${server.url}/api/v1/predict`, example)).status).toBe(200);
      const entries = readdirSync(runtimeDir);
      expect(entries.filter((name) => name.startsWith("onnxruntime-"))).toHaveLength(1);
      expect(entries.filter((name) => name.startsWith(".unpack-"))).toEqual([]);
    } finally {
      for (const server of servers) expect(await server.stop()).toBe(0);
    }
  }, 60_000);

  test("works when /tmp is mounted noexec", async () => {
    const probe = Bun.spawnSync(["unshare", "-m", "true"]);
    if (probe.exitCode !== 0)
      throw new Error("this test needs unshare -m (root, mount namespaces)");
    // Outside /tmp, which the new mount hides.
    const home = mkdtempSync("/var/tmp/ml-serving-noexec-");
    copyFileSync(binary, join(home, "ml-serving"));
    const script = `mount -t tmpfs -o noexec,nosuid,size=64m tmpfs /tmp && exec env -i TMPDIR=/tmp "${home}/ml-serving" --runtime-dir "${home}/runtime" "$@"`;
    const server = await startServer({
      command: ["unshare", "-m", "sh", "-c", script, "sh"],
      cwd: home,
      env: { PATH: "/usr/bin:/bin:/usr/sbin:/sbin" },
    });
    try {
      expect((await postJson(`${server.url}/api/v1/predict`, example)).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
      rmSync(home, { recursive: true, force: true });
    }
  }, 60_000);

  test("--model serves another model with its manifest", async () => {
    const server = await startServer({
      command: ["env", "-i", binary],
      cwd: sandbox,
      env: {},
      args: ["--model", penguins, ...runtime()],
    });
    try {
      const model = (await (await fetch(`${server.url}/api/v1/model`)).json()) as any;
      expect(model).toMatchObject({
        name: "penguins",
        source: penguins,
        classes: ["adelie", "chinstrap", "gentoo"],
      });
      const manifest = await Bun.file(penguins.replace(".onnx", ".manifest.json")).json();
      const answer = await postJson(`${server.url}/api/v1/predict`, manifest.example);
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body.probability as object)).toEqual([
        "adelie",
        "chinstrap",
        "gentoo",
      ]);
      const churnInput = await postJson(`${server.url}/api/v1/predict`, example);
      expect(churnInput.status).toBe(422);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);
});

describe("a model that cannot be served stops start-up with a clear message", () => {
  test("a missing model file", async () => {
    const { code, stderr } = await run(["--model", "/nowhere/model.onnx", ...runtime()]);
    expect(code).toBe(1);
    expect(stderr).toBe("ml-serving: cannot read the model /nowhere/model.onnx: no such file\n");
  });

  test("a model without its manifest", async () => {
    const lonely = join(sandbox, "lonely.onnx");
    copyFileSync(join(repoRoot, "models/churn.onnx"), lonely);
    const { code, stderr } = await run(["--model", lonely, ...runtime()]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `cannot read the manifest ${join(sandbox, "lonely.manifest.json")}: no such file`,
    );
  });

  test("a corrupt ONNX file", async () => {
    const corrupt = join(sandbox, "corrupt.onnx");
    writeFileSync(corrupt, "this is not a protobuf");
    copyFileSync(
      join(repoRoot, "models/churn.manifest.json"),
      join(sandbox, "corrupt.manifest.json"),
    );
    const { code, stderr } = await run(["--model", corrupt, ...runtime()]);
    expect(code).toBe(1);
    expect(stderr).toContain("ml-serving: worker 0 failed to start:");
    expect(stderr).not.toContain("    at ");
  });

  test("a manifest that does not match the model", async () => {
    const { code, stderr } = await run(["--model", mismatchedPackage(), ...runtime()]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "the model does not match its manifest: the model has no input features (it has: x)",
    );
  });

  test("a bad option value", async () => {
    const { code, stderr } = await run(["--workers", "many"]);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'ml-serving: invalid value for --workers: expected an integer, got "many"\n',
    );
  });

  test("a port another instance holds", async () => {
    const server = await startServer({
      command: ["env", "-i", binary],
      cwd: sandbox,
      env: {},
      args: runtime(),
    });
    try {
      const { code, stderr } = await run([
        "--host",
        "127.0.0.1",
        "--port",
        String(server.port),
        ...runtime(),
      ]);
      expect(code).toBe(1);
      expect(stderr).toContain(`127.0.0.1:${server.port} is already in use`);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 60_000);
});

describe("--version, --help and check-model", () => {
  test("--version prints the app, model and onnxruntime versions", async () => {
    const { code, stdout } = await run(["--version"]);
    expect(code).toBe(0);
    const version = (await Bun.file(join(repoRoot, "package.json")).json()).version;
    expect(stdout).toMatch(
      new RegExp(
        `^ml-serving ${version}\nmodel churn [0-9a-f]{12} \\(embedded\\)\nonnxruntime 1\\.30\\.0\n$`,
      ),
    );
  });

  test("--help lists every option with its environment variable", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("--max-batch-size <value>");
    expect(stdout).toContain("ML_SERVING_MAX_BATCH_SIZE");
  });

  test("check-model accepts a good package and runs its example", async () => {
    const { code, stdout } = await run(["check-model", penguins, ...runtime()]);
    expect(code).toBe(0);
    expect(stdout).toContain("manifest: ok (6 features → 8 columns, 3 classes)");
    expect(stdout).toContain("example prediction:");
    expect(stdout).toContain("is ready to serve");
  });

  test("check-model says what is wrong with a mismatched package", async () => {
    const { code, stderr } = await run(["check-model", mismatchedPackage(), ...runtime()]);
    expect(code).toBe(1);
    expect(stderr).toContain("the model has no input features (it has: x)");
  });
});
