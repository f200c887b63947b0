// A server under test: where it listens and which processes are its own.
import type { Subprocess } from "bun";

export interface Target {
  name: string;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** Its processes now (a uvicorn parent has worker children). */
  pids: () => number[];
  /** The process whose threads are reported (ml-serving's one process). */
  mainPid: number;
  /** Whether its main process still runs. */
  alive: () => boolean;
  /** Stops it; resolves with its exit code (null if it had to be killed or is not ours). */
  stop: () => Promise<number | null>;
}

/** Polls `url` until it answers 200; throws when `alive()` turns false or time runs out. */
export async function waitFor200(
  url: string,
  alive: () => boolean,
  timeoutMs: number,
  everyMs = 5,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!alive()) throw new Error(`the process exited before ${url} answered 200`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await Bun.sleep(everyMs);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
export async function terminate(child: Subprocess, graceMs = 35_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  const code = await child.exited;
  clearTimeout(timer);
  return child.signalCode === "SIGKILL" ? null : code;
}
