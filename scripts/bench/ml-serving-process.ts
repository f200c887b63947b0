// Starts the compiled ml-serving for a measurement and times exec → first 200 from /health/ready.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { freePort } from "./free-port.ts";
import { type Target, terminate, waitFor200 } from "./target.ts";

export const repoRoot = resolve(import.meta.dir, "../..");
export const defaultBinary = join(repoRoot, "dist/ml-serving");

export interface MlServing extends Target {
  /** From just before exec to the first 200 of GET /health/ready. */
  timeToReadyMs: number;
}

/** Builds dist/ml-serving with `bun scripts/build.ts` when it is missing. */
export async function ensureBinary(binary: string, log: (line: string) => void): Promise<string> {
  if (existsSync(binary)) return binary;
  log(`${binary} is missing: building it`);
  const build = Bun.spawn([process.execPath, "scripts/build.ts", "--outfile", binary], {
    cwd: repoRoot,
    stdout: "inherit",
    stderr: "inherit",
  });
  if ((await build.exited) !== 0) throw new Error("the build failed");
  return binary;
}

/**
 * Starts ml-serving on a free port of 127.0.0.1, its log in `logFile`, native files in
 * `runtimeDir`, and waits until it is ready. `args` are extra flags (`--max-batch-size 1`).
 */
export async function startMlServing(options: {
  binary: string;
  args: string[];
  runtimeDir: string;
  logFile: string;
  name?: string;
}): Promise<MlServing> {
  const port = freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = Bun.spawn(
    [
      options.binary,
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--runtime-dir",
      options.runtimeDir,
      ...options.args,
    ],
    {
      // Only what it needs: no ML_SERVING_* from the caller's shell changes what is measured.
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" },
      stdin: "ignore",
      stdout: Bun.file(options.logFile),
      stderr: "inherit",
    },
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  await waitFor200(`${baseUrl}/health/ready`, alive, 60_000);
  const timeToReadyMs = performance.now() - started;
  return {
    name: options.name ?? "ml-serving",
    baseUrl,
    mainPid: child.pid,
    pids: () => [child.pid],
    alive,
    timeToReadyMs,
    stop: () => terminate(child),
  };
}
