import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Subprocess } from "bun";

export const repoRoot = resolve(import.meta.dir, "../..");
export const productionBinary = join(repoRoot, "dist/ml-serving");
export const faultBinary = join(repoRoot, "dist/test/ml-serving-faults");

/** A JSON log line of the server. */
export type LogLine = Record<string, unknown> & { level: string; msg: string };

export interface ServerProcess {
  /** e.g. http://127.0.0.1:43123 */
  url: string;
  port: number;
  process: Subprocess<"ignore", "pipe", "pipe">;
  /** Every JSON line the server printed so far. */
  logs: LogLine[];
  stderr: () => string;
  /** SIGTERM, then wait for the exit code. */
  stop(): Promise<number>;
  /** Resolves with the first log line that matches. */
  waitForLog(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
}

export interface StartOptions {
  /** Defaults to the production binary; pass ["bun", "src/main.ts"] style commands too. */
  command?: string[];
  args?: string[];
  /** The whole environment (nothing is inherited unless you spread process.env yourself). */
  env?: Record<string, string>;
  cwd?: string;
  /** How long to wait for the "ready" log line. */
  timeoutMs?: number;
}

/** The newest modification time among the files a build reads. */
function newestSourceTime(): number {
  const roots = ["src", "models"].map((dir) => join(repoRoot, dir));
  let newest = Math.max(
    statSync(join(repoRoot, "scripts/build.ts")).mtimeMs,
    statSync(join(repoRoot, "package-lock.json")).mtimeMs,
  );
  for (const root of roots) {
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile())
        newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * Builds dist/ml-serving (or the fault-hook test build) unless it exists and is newer than
 * every source file, so a test never runs a stale binary.
 */
export async function ensureBinary(kind: "production" | "faults" = "production"): Promise<string> {
  const target = kind === "production" ? productionBinary : faultBinary;
  if (existsSync(target) && statSync(target).mtimeMs >= newestSourceTime()) return target;
  const args = ["scripts/build.ts", "--outfile", target];
  if (kind === "faults") args.push("--fault-hooks");
  const build = Bun.spawn([process.execPath, ...args], {
    cwd: repoRoot,
    stdout: "pipe",
    stderr: "pipe",
  });
  if ((await build.exited) !== 0)
    throw new Error(`build failed: ${await new Response(build.stderr).text()}`);
  return target;
}

/**
 * Starts the server as a real process on a free port (`--port 0`) and waits for its "ready" log
 * line, which carries the URL it listens on.
 */
export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  const command = options.command ?? [await ensureBinary()];
  const args = [
    "--host",
    "127.0.0.1",
    "--port",
    "0",
    "--log-format",
    "json",
    ...(options.args ?? []),
  ];
  const child = Bun.spawn([...command, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const logs: LogLine[] = [];
  const listeners = new Set<() => void>();
  let stderrText = "";
  (async () => {
    const decoder = new TextDecoder();
    let pending = "";
    for await (const chunk of child.stdout) {
      pending += decoder.decode(chunk, { stream: true });
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        try {
          logs.push(JSON.parse(line) as LogLine);
        } catch {
          logs.push({ level: "raw", msg: line });
        }
        for (const listener of listeners) listener();
        newline = pending.indexOf("\n");
      }
    }
  })();
  (async () => {
    for await (const chunk of child.stderr) stderrText += new TextDecoder().decode(chunk);
  })();

  const waitForLog = (predicate: (line: LogLine) => boolean, timeoutMs = 10_000) =>
    new Promise<LogLine>((resolveLine, reject) => {
      const check = () => {
        const found = logs.find(predicate);
        if (found) {
          listeners.delete(check);
          clearTimeout(timer);
          resolveLine(found);
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(
          new Error(
            `log line not seen in ${timeoutMs} ms; stderr: ${stderrText}; logs: ${JSON.stringify(logs.slice(-5))}`,
          ),
        );
      }, timeoutMs);
      listeners.add(check);
      child.exited.then(() => setTimeout(check, 50));
      check();
    });

  const exitedEarly = child.exited.then((code) => {
    throw new Error(`server exited with ${code} before ready: ${stderrText}`);
  });
  const ready = await Promise.race([
    waitForLog((line) => line.msg === "ready", options.timeoutMs ?? 15_000),
    exitedEarly,
  ]);
  exitedEarly.catch(() => {});
  const url = String(ready.url).replace(/\/$/, "");
  return {
    url,
    port: Number(new URL(url).port),
    process: child,
    logs,
    stderr: () => stderrText,
    waitForLog,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return await child.exited;
    },
  };
}

/** POST JSON and return status, parsed body and headers. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    body: json as Record<string, unknown>,
    text,
    headers: response.headers,
  };
}
