import { existsSync, readFileSync } from "node:fs";
import type { Subprocess } from "bun";
import { runCommand } from "../../scripts/lib/run-command.ts";

/** A throwaway Linux system booted with systemd as its PID 1, for testing units for real. */
export interface Machine {
  /** Runs a command inside the machine (all its namespaces) and collects the result. */
  run(command: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Like `run`, but throws unless the command exits 0; returns its trimmed stdout. */
  check(command: string[]): Promise<string>;
  poweroff(): Promise<void>;
}

export const canBootMachines = process.getuid?.() === 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Boots this host's own OS in a container with systemd-nspawn: a fresh, empty /etc and /var
 * (tmpfs), /usr as a copy-on-write overlay of the host's (so installing into /usr/local works and
 * is thrown away), a private network with only loopback, and `binds` (host → machine, read-only).
 * Nothing the machine does reaches the host's files or network.
 */
export async function bootMachine(name: string, binds: Record<string, string>): Promise<Machine> {
  if (!existsSync("/usr/bin/systemd-nspawn")) {
    throw new Error("systemd-nspawn is missing: apt-get install systemd-container (see .ci/run)");
  }
  const args = [
    "systemd-nspawn",
    "--quiet",
    "--directory=/",
    "--volatile=yes",
    "--overlay=/usr::/usr",
    "--private-network",
    "--boot",
    // The host does not run systemd, so there is no machined to register with nor a scope to create.
    "--register=no",
    "--keep-unit",
    `--machine=${name}`,
    "--console=passive",
    ...Object.entries(binds).map(([host, inside]) => `--bind-ro=${host}:${inside}`),
    "--",
    // An empty /etc would otherwise make the first boot wait for someone to pick a locale.
    "systemd.firstboot=off",
  ];
  const nspawn: Subprocess<"ignore", "pipe", "pipe"> = Bun.spawn(args, {
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
    env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
  });
  const output = Promise.all([
    new Response(nspawn.stdout).text(),
    new Response(nspawn.stderr).text(),
  ]);
  // The machine's PID 1 is nspawn's child once it has exec'd systemd; enter its namespaces.
  let pid = 0;
  const run = (command: string[]) =>
    runCommand(["nsenter", `--target=${pid}`, "--all", ...command], {
      env: { PATH: "/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8" },
    });
  const check = async (command: string[]) => {
    const result = await run(command);
    if (result.code !== 0) {
      throw new Error(
        `${command.join(" ")} exited ${result.code}: ${result.stdout}${result.stderr}`,
      );
    }
    return result.stdout.trim();
  };
  // Wait until the boot is complete; "degraded" (some unit failed) is fine for our purpose.
  let state = "";
  const deadline = performance.now() + 60_000;
  while (!["running", "degraded"].includes(state)) {
    if (nspawn.exitCode !== null)
      throw new Error(`systemd-nspawn exited: ${(await output).join("")}`);
    if (performance.now() > deadline) {
      nspawn.kill("SIGKILL");
      throw new Error(`the machine did not boot: ${state}`);
    }
    const children = readFileSync(`/proc/${nspawn.pid}/task/${nspawn.pid}/children`, "utf8").trim();
    const init = Number(children.split(" ")[0]);
    if (init > 0 && readFileSync(`/proc/${init}/comm`, "utf8").trim() === "systemd") {
      pid = init;
      state = (await run(["systemctl", "is-system-running", "--wait"])).stdout.trim();
    }
    if (!["running", "degraded"].includes(state)) await sleep(100);
  }
  return {
    run,
    check,
    async poweroff() {
      if (nspawn.exitCode !== null) return;
      await run(["systemctl", "poweroff", "--no-block"]);
      const timer = setTimeout(() => nspawn.kill("SIGKILL"), 20_000);
      await nspawn.exited;
      clearTimeout(timer);
    },
  };
}
