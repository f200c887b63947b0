// The settings comparison runs end to end against the real binary (short runs: this checks the
// tool, not the figures).
import { expect, test } from "bun:test";
import { join } from "node:path";
import { runCommand } from "../../scripts/lib/run-command.ts";
import { ensureBinary, repoRoot } from "../support/server-process.ts";

test("compares two variants on every load and prints one table row each", async () => {
  const binary = await ensureBinary();
  const { code, stdout, stderr } = await runCommand(
    [
      process.execPath,
      join(repoRoot, "scripts/bench/compare-settings.ts"),
      "--variant=",
      "--variant=--max-batch-size 1",
      "--reps=1",
      "--duration=1",
      "--warmup=0",
      `--binary=${binary}`,
    ],
    { cwd: repoRoot, timeoutMs: 110_000 },
  );
  expect({ code, stderr: code === 0 ? "" : stderr }).toEqual({ code: 0, stderr: "" });
  const rows = stdout.trim().split("\n");
  expect(rows[0]).toBe(
    "| settings | single req/s @256 | single req/s @64 | rows/s, 8 items @16 | rows/s, 32 items @16 | rows/s, 100 items @16 |",
  );
  expect(rows).toHaveLength(4);
  expect(rows[2]).toStartWith("| `defaults` | ");
  expect(rows[2]).toContain("(+0 %, p99");
  expect(rows[3]).toStartWith("| `--max-batch-size 1` | ");
  // Every cell has a throughput; none reports failed requests.
  for (const row of rows.slice(2)) {
    expect(row.split(" | ").slice(1)).toHaveLength(5);
    expect(row).not.toContain("non-2xx");
  }
}, 120_000);
