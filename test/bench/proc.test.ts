import { expect, test } from "bun:test";
import {
  cpuSeconds,
  processTree,
  rssMiB,
  threadCpuSeconds,
  waitIdle,
} from "../../scripts/bench/proc.ts";

test("resident memory and CPU time of this process agree with Bun's own figures", () => {
  const rss = rssMiB([process.pid]);
  const bunRss = process.memoryUsage.rss() / 1048576;
  expect(Math.abs(rss - bunRss)).toBeLessThan(32);
  const usage = process.cpuUsage();
  const own = (usage.user + usage.system) / 1e6;
  expect(Math.abs(cpuSeconds([process.pid]) - own)).toBeLessThan(0.1);
  const threads = threadCpuSeconds(process.pid);
  expect(Object.keys(threads)).toContain("main");
});

test("processTree finds a process's children and grandchildren", async () => {
  const shell = Bun.spawn(["sh", "-c", "sleep 5 & (sleep 5 & wait) & wait"], { stdout: "ignore" });
  await Bun.sleep(200);
  const tree = processTree(shell.pid);
  shell.kill("SIGKILL");
  for (const pid of tree.slice(1)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
  expect(tree[0]).toBe(shell.pid);
  // sh, sleep, the subshell and its sleep
  expect(tree.length).toBe(4);
});

test("waitIdle returns quickly for an idle process and waits for a busy one", async () => {
  const idle = Bun.spawn(["sleep", "10"]);
  const busy = Bun.spawn(["sh", "-c", "timeout 2 sh -c 'while :; do :; done'"]);
  expect(await waitIdle(() => [idle.pid], 5)).toBeLessThan(1.5);
  expect(await waitIdle(() => processTree(busy.pid), 5)).toBeGreaterThan(1.5);
  idle.kill();
  busy.kill();
}, 15_000);
