import { readFileSync } from "node:fs";
import { availableParallelism, hostname, release, totalmem } from "node:os";
import { loadAverage } from "./proc.ts";
import type { Machine } from "./results.ts";
import { wrkBinary } from "./wrk.ts";

/** What the figures were measured on. */
export function describeMachine(): Machine {
  const cpu =
    /^model name\s*:\s*(.*)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  const wrk = Bun.spawnSync([wrkBinary(), "-v"]).stdout.toString().split("\n")[0]?.trim() ?? "wrk";
  return {
    date: new Date().toISOString(),
    hostname: hostname(),
    nproc: availableParallelism(),
    cpu,
    kernel: release(),
    memoryGiB: totalmem() / 1024 ** 3,
    loadAverageStart: loadAverage(),
    bun: `Bun ${Bun.version}`,
    wrk: wrk.replace(/ \[.*$/, ""),
  };
}
