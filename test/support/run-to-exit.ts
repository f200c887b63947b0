import { runCommand } from "../../scripts/lib/run-command.ts";
import { ensureBinary, repoRoot } from "./server-process.ts";

/**
 * Runs the compiled binary with `args` (on a free port of 127.0.0.1) and waits for it to exit:
 * for start-up failures. A process still running after `timeoutMs` is killed and reported.
 */
export async function runToExit(args: string[], timeoutMs = 15_000) {
  return runCommand([await ensureBinary(), "--host", "127.0.0.1", "--port", "0", ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    timeoutMs,
  });
}
