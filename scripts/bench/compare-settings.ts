// Server settings against each other, measured in turns: every variant runs at once (each its own
// ml-serving), and each load is taken by every variant in turn, rep after rep, so the shared
// machine's drift hits them alike. Prints a Markdown table of medians, the first variant as 100 %.
//
//   npm run bench:compare -- --variant= --variant="--max-batch-size 128" [--reps 5] [--duration 4]
//
// The loads are the benchmark's: single predictions at 256 and 64 connections, batches of 8, 32
// and 100 items at 16. Needs wrk (Debian package `wrk`); builds dist/ml-serving when missing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { batchPath, singlePath, writeBodies } from "./bodies.ts";
import { batchConnections, batchSizes } from "./context.ts";
import { type Measurement, measureInTurns } from "./measure.ts";
import {
  defaultBinary,
  ensureBinary,
  type MlServing,
  startMlServing,
} from "./ml-serving-process.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    variant: { type: "string", multiple: true, default: [] },
    reps: { type: "string", default: "5" },
    duration: { type: "string", default: "4" },
    warmup: { type: "string", default: "2" },
    binary: { type: "string", default: defaultBinary },
  },
});
const variants = values.variant.length > 0 ? values.variant : ["", "--max-batch-size 128"];
const protocol = {
  reps: Number(values.reps),
  durationS: Number(values.duration),
  warmupS: Number(values.warmup),
};
const log = (line: string) =>
  console.error(`[compare ${new Date().toISOString().slice(11, 19)}] ${line}`);

const scratch = mkdtempSync(join(tmpdir(), "ml-serving-compare-"));
const bodies = writeBodies(join(scratch, "bodies"), batchSizes);
const loads = [
  { name: "single req/s @256", bodiesFile: bodies.single, path: singlePath, connections: 256 },
  { name: "single req/s @64", bodiesFile: bodies.single, path: singlePath, connections: 64 },
  ...batchSizes.map((size) => ({
    name: `rows/s, ${size} items @${batchConnections}`,
    bodiesFile: bodies.batch(size),
    path: batchPath,
    connections: batchConnections,
    itemsPerRequest: size,
  })),
];

const servers: MlServing[] = [];
try {
  const binary = await ensureBinary(values.binary, log);
  for (const [index, variant] of variants.entries()) {
    servers.push(
      await startMlServing({
        binary,
        args: variant.split(" ").filter(Boolean),
        runtimeDir: join(scratch, "runtime"),
        logFile: join(scratch, `variant-${index}.log`),
        name: variant || "defaults",
      }),
    );
  }
  const results: Measurement[][] = [];
  for (const { name, ...run } of loads) {
    log(
      `${name}: ${variants.length} variants in turns, ${protocol.reps} reps of ${protocol.durationS} s`,
    );
    results.push(
      await measureInTurns(
        servers.map((target) => ({ target, run })),
        protocol,
      ),
    );
  }
  const cell = (measured: Measurement, base: Measurement) => {
    const change = Math.round((measured.itemsPerS / base.itemsPerS - 1) * 100);
    const failed = measured.failed > 0 ? `, ${measured.failed} non-2xx` : "";
    return `${Math.round(measured.itemsPerS).toLocaleString("en-US")} (${change >= 0 ? "+" : "−"}${Math.abs(change)} %, p99 ${measured.p99Ms.toFixed(1)} ms${failed})`;
  };
  console.log(`| settings | ${loads.map((load) => load.name).join(" | ")} |`);
  console.log(`|${" --- |".repeat(loads.length + 1)}`);
  for (const [index, server] of servers.entries()) {
    const cells = results.map((byVariant) =>
      cell(byVariant[index] as Measurement, byVariant[0] as Measurement),
    );
    console.log(`| \`${server.name}\` | ${cells.join(" | ")} |`);
  }
} finally {
  for (const server of servers) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
