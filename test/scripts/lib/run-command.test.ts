import { expect, test } from "bun:test";
import { runCommand } from "../../../scripts/lib/run-command.ts";

test("collects the exit code and both outputs, and feeds standard input", async () => {
  const result = await runCommand(["sh", "-c", "cat; echo err >&2; exit 3"], { stdin: "in" });
  expect(result).toEqual({ code: 3, stdout: "in", stderr: "err\n" });
});

test("runs in cwd with exactly the given environment", async () => {
  expect((await runCommand(["/bin/pwd"], { cwd: "/tmp" })).stdout).toBe("/tmp\n");
  expect((await runCommand(["/usr/bin/env"], { env: { A: "a" } })).stdout).toBe("A=a\n");
});

test("kills a child that outlives timeoutMs", async () => {
  // 128 + SIGKILL: the child was killed, not waited for.
  const result = await runCommand(["sleep", "30"], { timeoutMs: 100 });
  expect(result.code).toBe(137);
});
