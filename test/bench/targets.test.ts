import { expect, test } from "bun:test";
import type { Measurement } from "../../scripts/bench/measure.ts";
import type { BenchResults } from "../../scripts/bench/results.ts";
import { checkTargets } from "../../scripts/bench/targets.ts";

const point = (okPerS: number, p50Ms: number, p99Ms: number, items = 1): Measurement =>
  ({ okPerS, itemsPerS: okPerS * items, p50Ms, p99Ms }) as Measurement;

const base: BenchResults = {
  machine: {
    date: "",
    hostname: "",
    nproc: 2,
    cpu: "",
    kernel: "",
    memoryGiB: 1,
    loadAverageStart: 0,
    bun: "",
    wrk: "",
  },
  command: "npm run bench",
  settings: {
    connections: [1, 16, 64, 256],
    warmupS: 0,
    durationS: 1,
    reps: 1,
    quick: true,
    serverArgs: [],
    sections: [],
  },
};

test("with no section run, every target is 'not measured'", () => {
  const checks = checkTargets(base);
  expect(checks.length).toBe(11);
  expect(checks.every((c) => c.met === null && c.value === "not measured")).toBe(true);
});

test("the ratios compare figures of the same run, each against its own threshold", () => {
  const results: BenchResults = {
    ...base,
    single: {
      connections: [1, 16, 64, 256],
      httpCeiling: { 256: point(100_000, 1, 2) },
      batching: { 1: point(9000, 0.1, 1), 64: point(30_000, 1, 5), 256: point(39_000, 4, 10) },
      maxBatch1: { 1: point(9000, 0.095, 1), 256: point(10_000, 20, 40) },
      idleRssMiB: 90,
      exitCodes: {},
    },
    peer: {
      dir: "",
      workers: 2,
      firstReadyS: 1,
      allWorkersReadyS: 1,
      idleRssMiB: 300,
      protocol: { warmupS: 5, durationS: 10, reps: 1 },
      single: point(300, 200, 500),
      batch: point(17, 3000, 9000, 32),
      afterRssMiB: 300,
    },
    batch: {
      connections: 16,
      bySize: { 100: point(1000, 10, 20, 100) },
      peerLoad: point(3000, 15, 50, 32),
      exitCode: 0,
    },
    inference: {
      threads: 1,
      bySize: { 100: { rowsPerS: 250_000, callsPerS: 2500, meanCallMs: 0.4 } },
    },
  };
  const byWhat = Object.fromEntries(checkTargets(results).map((c) => [c.what.split(" (")[0], c]));
  expect(byWhat["single predictions/s vs the Python stack"]).toMatchObject({
    value: "100×",
    met: true,
  });
  expect(byWhat["single-prediction p99 vs the Python stack"]).toMatchObject({
    value: "100× lower",
    met: true,
  });
  // 96,000 vs 544 predictions/s
  expect(byWhat["batch predictions/s vs the Python stack"]).toMatchObject({
    value: "176×",
    met: false,
  });
  expect(byWhat["single predictions/s vs the HTTP ceiling"]).toMatchObject({
    value: "39 %",
    met: false,
  });
  expect(
    byWhat["batch endpoint rows/s at 100 items vs in-process onnxruntime at 100 rows per call"],
  ).toMatchObject({
    value: "40 %",
    met: false,
  });
  expect(
    byWhat["single predictions/s at 256 connections, batching vs --max-batch-size 1"],
  ).toMatchObject({
    value: "3.9×",
    met: true,
  });
  // 0.1 ms is within 10 % of 0.095 ms
  expect(byWhat["p50 at 1 connection, batching vs --max-batch-size 1"]?.met).toBe(true);
});
