// The results as a Markdown report (results.md): the same figures as results.json, in tables.
import type { Measurement } from "./measure.ts";
import type { BenchResults } from "./results.ts";
import type { TargetCheck } from "./targets.ts";

const int = (n: number | undefined) =>
  n === undefined ? "-" : Math.round(n).toLocaleString("en-US");
const ms = (n: number | undefined | null) =>
  n === undefined || n === null ? "-" : n < 10 ? n.toFixed(2) : n.toFixed(0);
const ratio = (a: number | undefined, b: number | undefined, asPercent = false) => {
  if (a === undefined || b === undefined || a <= 0 || b <= 0) return "-";
  return asPercent
    ? `${((100 * a) / b).toFixed(0)} %`
    : `${(a / b).toFixed(a / b >= 100 ? 0 : 2)}×`;
};
const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");

function cpu(m: Measurement | undefined): string {
  if (m === undefined) return "-";
  const parts = Object.entries(m.threadCpuPct)
    .filter(([, pct]) => pct >= 5)
    .sort((a, b) => b[1] - a[1])
    .map(([role, pct]) => `${role} ${pct.toFixed(0)}`);
  return `${m.serverCpuPct.toFixed(0)} (${parts.join(", ")}); wrk ${m.wrkCpuPct.toFixed(0)}`;
}

const processes = (m: Measurement) => m.processCpuPct.map((pct) => pct.toFixed(0)).join(", ");

function targetsSection(checks: TargetCheck[]): string {
  const mark = (met: boolean | null) =>
    met === null ? "not measured" : met ? "**met**" : "**missed**";
  return table(
    ["issue", "target", "wanted", "measured", ""],
    checks.map((c) => [`#${c.issue}`, c.what, c.target, c.value, mark(c.met)]),
  );
}

function singleSection(results: BenchResults): string[] {
  const single = results.single;
  if (single === undefined) return [];
  const rows = single.connections.map((c) => {
    const on = single.batching[c];
    const off = single.maxBatch1[c];
    const ceiling = single.httpCeiling[c];
    return [
      String(c),
      int(ceiling?.okPerS),
      int(on?.okPerS),
      ratio(on?.okPerS, ceiling?.okPerS, true),
      ms(on?.p50Ms),
      ms(on?.p99Ms),
      on?.meanBatchRows === null || on?.meanBatchRows === undefined
        ? "n/a"
        : on.meanBatchRows.toFixed(1),
      int(off?.okPerS),
      ms(off?.p50Ms),
      ms(off?.p99Ms),
      ratio(on?.okPerS, off?.okPerS),
      cpu(on),
      cpu(off),
    ];
  });
  return [
    "## Single predictions (POST /api/v1/predict)",
    "",
    table(
      [
        "conns",
        "HTTP ceiling req/s",
        "ml-serving req/s",
        "of ceiling",
        "p50 ms",
        "p99 ms",
        "mean batch rows",
        "max-batch-1 req/s",
        "p50 ms",
        "p99 ms",
        "batching gain",
        "CPU % batching (threads); wrk",
        "CPU % max-batch-1 (threads); wrk",
      ],
      rows,
    ),
    "",
    `ml-serving idle RSS: ${single.idleRssMiB.toFixed(0)} MiB. Exit codes: ${JSON.stringify(single.exitCodes)}.`,
    "",
  ];
}

function batchSection(results: BenchResults): string[] {
  const { batch, inference } = results;
  const lines: string[] = [];
  if (batch !== undefined) {
    const rows = Object.entries(batch.bySize).map(([size, m]) => [
      size,
      String(batch.connections),
      int(m.itemsPerS),
      int(m.okPerS),
      ms(m.p50Ms),
      ms(m.p99Ms),
      String(m.failed),
      int(inference?.bySize[Number(size)]?.rowsPerS),
      ratio(m.itemsPerS, inference?.bySize[Number(size)]?.rowsPerS, true),
      cpu(m),
    ]);
    const p = batch.peerLoad;
    rows.push([
      "32",
      String(p.connections),
      int(p.itemsPerS),
      int(p.okPerS),
      ms(p.p50Ms),
      ms(p.p99Ms),
      String(p.failed),
      "-",
      "-",
      cpu(p),
    ]);
    lines.push(
      "## Batch endpoint (POST /api/v1/predict/batch)",
      "",
      table(
        [
          "items",
          "conns",
          "predictions/s",
          "req/s",
          "p50 ms",
          "p99 ms",
          "non-2xx",
          "in-process rows/s",
          "of in-process",
          "CPU % (threads)",
        ],
        rows,
      ),
      "",
    );
  }
  if (inference !== undefined) {
    lines.push(
      `## Inference ceiling (onnxruntime in-process, ${inference.threads} thread)`,
      "",
      table(
        ["rows per call", "rows/s", "calls/s", "ms per call"],
        Object.entries(inference.bySize).map(([size, r]) => [
          size,
          int(r.rowsPerS),
          int(r.callsPerS),
          r.meanCallMs.toFixed(3),
        ]),
      ),
      "",
    );
  }
  return lines;
}

function peerSection(results: BenchResults): string[] {
  const { peer, single, batch, startup } = results;
  if (peer === undefined)
    return results.peerSkipped ? [`## Python peer\n\nNot measured: ${results.peerSkipped}\n`] : [];
  const ours = single?.batching[64];
  const oursBatch = batch?.peerLoad;
  return [
    `## Against the Python stack (FastAPI + Uvicorn + scikit-learn, ${peer.workers} workers), same load`,
    "",
    `Both at ${peer.single.connections} connections with the same wrk and bodies; the peer measured with warm-up ${peer.protocol.warmupS} s and ${peer.protocol.durationS} s × ${peer.protocol.reps} runs (its batches take seconds).`,
    "",
    table(
      ["figure", "ml-serving", "Python peer", "ratio"],
      [
        [
          "single req/s, 64 conns",
          int(ours?.okPerS),
          peer.single.okPerS.toFixed(1),
          ratio(ours?.okPerS, peer.single.okPerS),
        ],
        [
          "single p50 ms",
          ms(ours?.p50Ms),
          ms(peer.single.p50Ms),
          ratio(peer.single.p50Ms, ours?.p50Ms),
        ],
        [
          "single p99 ms",
          ms(ours?.p99Ms),
          ms(peer.single.p99Ms),
          ratio(peer.single.p99Ms, ours?.p99Ms),
        ],
        [
          "batch-32 predictions/s, 64 conns",
          int(oursBatch?.itemsPerS),
          peer.batch.itemsPerS.toFixed(1),
          ratio(oursBatch?.itemsPerS, peer.batch.itemsPerS),
        ],
        [
          "batch-32 p99 ms",
          ms(oursBatch?.p99Ms),
          ms(peer.batch.p99Ms),
          ratio(peer.batch.p99Ms, oursBatch?.p99Ms),
        ],
        [
          "time to ready, s",
          startup ? (startup.medianWarmMs / 1000).toFixed(3) : "-",
          peer.firstReadyS.toFixed(2),
          ratio(peer.firstReadyS, startup ? startup.medianWarmMs / 1000 : undefined),
        ],
        [
          "idle RSS, MiB",
          results.single ? results.single.idleRssMiB.toFixed(0) : "-",
          peer.idleRssMiB.toFixed(0),
          ratio(peer.idleRssMiB, results.single?.idleRssMiB),
        ],
        [
          "non-2xx answers",
          String((ours?.failed ?? 0) + (oursBatch?.failed ?? 0)),
          String(peer.single.failed + peer.batch.failed),
          "",
        ],
      ],
    ),
    "",
    `Python peer CPU % per process, busiest first (its 2 workers should each approach 100): single ${processes(peer.single)}; batch ${processes(peer.batch)}.`,
    "",
    "Ratios are Python ÷ ml-serving for latency, time and memory (how many times lower), ml-serving ÷ Python for throughput.",
    "",
  ];
}

function startupSection(results: BenchResults): string[] {
  const { startup, single, batch } = results;
  if (startup === undefined && single === undefined) return [];
  const loaded = [
    ...Object.values(single?.batching ?? {}),
    ...Object.values(batch?.bySize ?? {}),
    ...(batch ? [batch.peerLoad] : []),
  ].map((m) => m.rssMaxMiB);
  return [
    "## Start-up and memory",
    "",
    startup
      ? `- time to ready (exec → first 200 of /health/ready): cold (empty runtime dir) ${startup.coldMs.toFixed(0)} ms, warm median ${startup.medianWarmMs.toFixed(0)} ms (${startup.warmMs.map((t) => t.toFixed(0)).join(", ")})`
      : "",
    single
      ? `- resident memory: idle ${single.idleRssMiB.toFixed(0)} MiB, loaded (max while measured) ${Math.max(...loaded).toFixed(0)} MiB`
      : "",
    "",
  ];
}

function overloadSection(results: BenchResults): string[] {
  const o = results.overload;
  if (o === undefined) return [];
  const probeRows = Object.entries(o.probe.byStatus).map(([status, s]) => [
    status,
    String(s.count),
    ms(s.p50Ms),
    ms(s.p99Ms),
    ms(s.maxMs),
  ]);
  const floodSeconds = o.flood.durationS;
  return [
    "## Overload",
    "",
    `wrk, 256 connections for ${o.durationS} s, half single predictions and half 100-item batches: ` +
      `${Object.entries(o.flood.statuses)
        .map(([status, count]) => `${status}: ${int(count / floodSeconds)}/s`)
        .join(", ")}; ${o.flood.missingRetryAfter} 503s without Retry-After.`,
    "",
    `Probe (single predictions, X-Request-Timeout-Ms ${o.probe.deadlineMs}) by status:`,
    "",
    table(["status", "answers", "p50 ms", "p99 ms", "max ms"], probeRows),
    "",
    `Memory: idle ${o.memory.idleMiB.toFixed(0)} MiB, max ${o.memory.maxMiB.toFixed(0)} MiB (first half ${o.memory.firstHalfMaxMiB.toFixed(0)}, second half ${o.memory.secondHalfMaxMiB.toFixed(0)}), after ${o.memory.afterMiB.toFixed(0)} MiB.`,
    `After: alive ${o.after.alive}, /health ${o.after.healthStatus}, ready again after ${o.after.readyAgainMs?.toFixed(0) ?? "never"} ms, a prediction ${o.after.predictionStatus}, exit code ${o.exitCode}.`,
    "",
  ];
}

export function renderReport(results: BenchResults, checks: TargetCheck[]): string {
  const { machine, settings } = results;
  return [
    `# ml-serving benchmark, ${machine.date}`,
    "",
    `Machine: ${machine.nproc} × ${machine.cpu}, ${machine.memoryGiB.toFixed(0)} GiB, kernel ${machine.kernel}; ${machine.bun}, ${machine.wrk}. ` +
      `Load average ${machine.loadAverageStart.toFixed(2)} at start, ${machine.loadAverageEnd?.toFixed(2) ?? "?"} at end. The load generator (wrk, 1 thread) shares the cores with the server.`,
    "",
    `Command: \`${results.command}\` (warm-up ${settings.warmupS} s, measured ${settings.durationS} s × ${settings.reps}${settings.serverArgs.length > 0 ? `, server flags ${settings.serverArgs.join(" ")}` : ""}).`,
    "",
    "## Targets",
    "",
    targetsSection(checks),
    "",
    ...singleSection(results),
    ...batchSection(results),
    ...peerSection(results),
    ...startupSection(results),
    ...overloadSection(results),
  ]
    .filter((line, index, lines) => !(line === "" && lines[index - 1] === ""))
    .join("\n");
}
