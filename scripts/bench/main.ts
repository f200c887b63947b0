// `npm run bench`: ml-serving against its baselines, in one run, on this machine. See BENCHMARKS.md.
//
//   npm run bench                       # everything, ~10 minutes
//   npm run bench -- --quick            # a quick pass over everything
//   npm run bench -- --sections single,batch --server-args="--workers 2"
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { writeBodies } from "./bodies.ts";
import { type BenchContext, batchSizes } from "./context.ts";
import { describeMachine } from "./machine.ts";
import { ensureBinary, repoRoot } from "./ml-serving-process.ts";
import { parseBenchOptions, usage } from "./options.ts";
import { loadAverage } from "./proc.ts";
import { renderReport } from "./report.ts";
import type { BenchResults } from "./results.ts";
import { batchSection } from "./sections/batch.ts";
import { inferenceSection } from "./sections/inference.ts";
import { overloadSection } from "./sections/overload.ts";
import { peerMissing, peerSection } from "./sections/peer.ts";
import { singleSection } from "./sections/single.ts";
import { startupSection } from "./sections/startup.ts";
import { checkTargets } from "./targets.ts";
import { wrkBinary } from "./wrk.ts";

const log = (line: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<void> {
  let options: ReturnType<typeof parseBenchOptions>;
  try {
    options = parseBenchOptions(process.argv.slice(2));
    wrkBinary();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  const outDir = resolve(options.outDir ?? join(repoRoot, "bench-results", stamp));
  mkdirSync(outDir, { recursive: true });
  const context: BenchContext = {
    binary: await ensureBinary(resolve(options.binary), log),
    serverArgs: options.serverArgs,
    outDir,
    runtimeDir: join(outDir, "runtime"),
    bodies: writeBodies(join(outDir, "bodies"), batchSizes),
    protocol: { warmupS: options.warmupS, durationS: options.durationS, reps: options.reps },
    quick: options.quick,
    connections: options.connections,
    log,
  };
  const results: BenchResults = {
    machine: describeMachine(),
    command: ["npm run bench --", ...process.argv.slice(2)].join(" ").replace(/ --$/, ""),
    settings: {
      ...context.protocol,
      connections: options.connections,
      quick: options.quick,
      serverArgs: options.serverArgs,
      sections: options.sections,
    },
  };
  log(
    `results in ${relative(process.cwd(), outDir) || "."}; load average ${results.machine.loadAverageStart}`,
  );
  const wants = (name: (typeof options.sections)[number]) => options.sections.includes(name);
  if (wants("inference")) results.inference = await inferenceSection(context);
  if (wants("single")) results.single = await singleSection(context);
  if (wants("batch")) results.batch = await batchSection(context);
  if (wants("startup")) results.startup = await startupSection(context);
  if (wants("overload")) results.overload = await overloadSection(context);
  if (wants("peer")) {
    results.peerSkipped = peerMissing(options.peerDir);
    if (results.peerSkipped === undefined)
      results.peer = await peerSection(context, options.peerDir);
    else log(`python peer skipped: ${results.peerSkipped}`);
  }
  results.machine.loadAverageEnd = loadAverage();
  const checks = checkTargets(results);
  writeFileSync(
    join(outDir, "results.json"),
    `${JSON.stringify({ ...results, targets: checks }, null, 2)}\n`,
  );
  const report = renderReport(results, checks);
  writeFileSync(join(outDir, "results.md"), `${report}\n`);
  const latest = join(repoRoot, "bench-results", "latest");
  if (outDir.startsWith(join(repoRoot, "bench-results"))) {
    rmSync(latest, { force: true });
    symlinkSync(outDir, latest);
  }
  rmSync(context.runtimeDir, { recursive: true, force: true });
  rmSync(join(outDir, "runtime-startup"), { recursive: true, force: true });
  console.log(report);
  log(`wrote ${join(outDir, "results.md")} and results.json`);
}

await main();
