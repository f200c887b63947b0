import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../../scripts/lib/run-command.ts";
import { repoRoot } from "./server-process.ts";

export const installScript = join(repoRoot, "scripts/install.sh");

/** Runs scripts/install.sh with `args` and returns its exit code and output. */
export function runInstaller(args: string[], env: Record<string, string> = {}) {
  return runCommand(["sh", installScript, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
  });
}

/** A fresh temporary directory to use as a staging root; `remove()` deletes it. */
export function tempRoot(prefix = "ml-serving-root-"): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Makes a staging root look like a host to `systemd-analyze --root`: the units our units depend
 * on (multi-user.target, network-online.target, …) come from this host's systemd.
 */
export function addHostSystemdUnits(root: string): void {
  cpSync("/usr/lib/systemd/system", join(root, "usr/lib/systemd/system"), {
    recursive: true,
    verbatimSymlinks: true,
  });
}
