// What recording one request's metrics costs on the HTTP thread, in a tight loop: the same
// counters and histograms as prom-client's own bound children and as ml-serving's preallocated
// ones (src/metrics/preallocated.ts).
//
//   bun scripts/metrics-cost/hot-path.ts
import { Counter, Histogram, Registry } from "prom-client";
import { durationBuckets } from "../../src/metrics/buckets.ts";
import { CounterFamily, HistogramFamily } from "../../src/metrics/preallocated.ts";

/** Per request: HTTP count and duration, predictions and predicted class, queue wait, engine time. */
interface Recorder {
  request(seconds: number): void;
}

function promClient(): Recorder {
  const registers = [new Registry()];
  const labelNames = ["route", "method", "status"];
  const requests = new Counter({ name: "a_total", help: "a", labelNames, registers }).labels(
    "/api/v1/predict",
    "POST",
    "200",
  );
  const http = new Histogram({
    name: "b_seconds",
    help: "b",
    labelNames,
    buckets: [...durationBuckets],
    registers,
  }).labels("/api/v1/predict", "POST", "200");
  const predictions = new Counter({
    name: "c_total",
    help: "c",
    labelNames: ["v", "o"],
    registers,
  }).labels("v", "success");
  const predicted = new Counter({
    name: "d_total",
    help: "d",
    labelNames: ["v", "c"],
    registers,
  }).labels("v", "churn");
  const queue = new Histogram({
    name: "e_seconds",
    help: "e",
    buckets: [...durationBuckets],
    registers,
  });
  const engine = new Histogram({
    name: "f_seconds",
    help: "f",
    buckets: [...durationBuckets],
    registers,
  });
  return {
    request(seconds) {
      requests.inc();
      http.observe(seconds);
      predictions.inc(1);
      predicted.inc(1);
      queue.observe(seconds / 100);
      engine.observe(seconds / 2);
    },
  };
}

function preallocated(): Recorder {
  const registry = new Registry();
  const labelNames = ["route", "method", "status"];
  const requests = new CounterFamily(registry, { name: "a_total", help: "a", labelNames }).child(
    "/api/v1/predict",
    "POST",
    "200",
  );
  const http = new HistogramFamily(registry, {
    name: "b_seconds",
    help: "b",
    labelNames,
    buckets: durationBuckets,
  }).child("/api/v1/predict", "POST", "200");
  const predictions = new CounterFamily(registry, {
    name: "c_total",
    help: "c",
    labelNames: ["v", "o"],
  }).child("v", "success");
  const predicted = new CounterFamily(registry, {
    name: "d_total",
    help: "d",
    labelNames: ["v", "c"],
  }).child("v", "churn");
  const queue = new HistogramFamily(registry, {
    name: "e_seconds",
    help: "e",
    buckets: durationBuckets,
  }).child();
  const engine = new HistogramFamily(registry, {
    name: "f_seconds",
    help: "f",
    buckets: durationBuckets,
  }).child();
  return {
    request(seconds) {
      requests.inc();
      http.observe(seconds);
      predictions.inc(1);
      predicted.inc(1);
      queue.observe(seconds / 100);
      engine.observe(seconds / 2);
    },
  };
}

const requests = 1_000_000;
const recorders = { "prom-client children": promClient(), preallocated: preallocated() };
const best: Record<string, number> = {};
for (let round = 0; round < 5; round += 1) {
  for (const [name, recorder] of Object.entries(recorders)) {
    const started = performance.now();
    for (let i = 0; i < requests; i += 1) recorder.request(0.0002 + (i % 50) * 0.00001);
    const nanos = ((performance.now() - started) * 1e6) / requests;
    best[name] = Math.min(best[name] ?? Number.POSITIVE_INFINITY, nanos);
  }
}
for (const [name, nanos] of Object.entries(best))
  console.log(`${name.padEnd(22)} ${nanos.toFixed(0)} ns per request (best of 5)`);
