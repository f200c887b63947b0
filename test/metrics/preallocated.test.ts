import { expect, test } from "bun:test";
import fc from "fast-check";
import { Counter, Histogram, Registry } from "prom-client";
import { durationBuckets } from "../../src/metrics/buckets.ts";
import { CounterFamily, HistogramFamily } from "../../src/metrics/preallocated.ts";
import { parseExposition, type Sample } from "../support/prometheus-text.ts";

const sorted = (samples: Sample[]) =>
  samples
    .map((sample) =>
      JSON.stringify([sample.name, Object.entries(sample.labels).sort(), sample.value]),
    )
    .sort();

const labelValue = fc.constantFrom(
  "/api/v1/predict",
  "unmatched",
  'quote " and \\ back',
  "200",
  "",
);
const observation = fc.record({
  labels: fc.tuple(labelValue, labelValue),
  value: fc.oneof(
    fc.double({ min: 0, max: 20, noNaN: true }),
    fc.constantFrom(...durationBuckets),
    fc.constant(0),
  ),
});

test("the exposition equals prom-client's own counter and histogram for the same observations", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(observation, { maxLength: 60 }), async (observations) => {
      const ours = new Registry();
      const theirs = new Registry();
      const labelNames = ["route", "status"] as const;
      const counter = new CounterFamily(ours, {
        name: "t_requests_total",
        help: "Requests",
        labelNames,
      });
      const histogram = new HistogramFamily(ours, {
        name: "t_duration_seconds",
        help: "Duration",
        labelNames,
        buckets: durationBuckets,
      });
      const theirCounter = new Counter({
        name: "t_requests_total",
        help: "Requests",
        labelNames,
        registers: [theirs],
      });
      const theirHistogram = new Histogram({
        name: "t_duration_seconds",
        help: "Duration",
        labelNames,
        buckets: [...durationBuckets],
        registers: [theirs],
      });
      for (const { labels, value } of observations) {
        counter.child(...labels).inc(value);
        histogram.child(...labels).observe(value);
        theirCounter.labels(...labels).inc(value);
        theirHistogram.labels(...labels).observe(value);
      }
      const a = parseExposition(await ours.metrics());
      const b = parseExposition(await theirs.metrics());
      expect(a.types).toEqual(b.types);
      expect(a.help).toEqual(b.help);
      // Sums may differ in the last bit only through summation order: none here (same order).
      expect(sorted(a.samples)).toEqual(sorted(b.samples));
    }),
    { numRuns: 200 },
  );
});

test("a child shows (at 0) as soon as it exists, and is the same object each time", async () => {
  const registry = new Registry();
  const counter = new CounterFamily(registry, {
    name: "t_total",
    help: "T",
    labelNames: ["reason"],
  });
  const child = counter.child("queue_full");
  expect(counter.child("queue_full")).toBe(child);
  const histogram = new HistogramFamily(registry, {
    name: "t_seconds",
    help: "T",
    buckets: [0.1, 1],
  });
  histogram.child();
  const text = await registry.metrics();
  expect(text).toContain('t_total{reason="queue_full"} 0');
  expect(text).toContain('t_seconds_bucket{le="+Inf"} 0');
  expect(text).toContain("t_seconds_count 0");
});

test("a value that is not a finite number is ignored, never thrown", async () => {
  const registry = new Registry();
  const child = new HistogramFamily(registry, {
    name: "t_seconds",
    help: "T",
    buckets: [1],
  }).child();
  child.observe(Number.NaN);
  child.observe(Number.POSITIVE_INFINITY);
  child.observe(0.5);
  expect(child.count).toBe(1);
  expect(child.sum).toBe(0.5);
});

test("wrong label counts and unsorted buckets are programming errors", () => {
  const registry = new Registry();
  const counter = new CounterFamily(registry, {
    name: "t_total",
    help: "T",
    labelNames: ["a", "b"],
  });
  expect(() => counter.child("only one")).toThrow("t_total takes 2 label values, got 1");
  expect(
    () => new HistogramFamily(registry, { name: "u_seconds", help: "U", buckets: [1, 0.5] }),
  ).toThrow("buckets must rise strictly");
  expect(
    () => new HistogramFamily(registry, { name: "v_seconds", help: "V", buckets: [1, 1] }),
  ).toThrow("buckets must rise strictly");
});

test("reset() zeroes every child (prom-client's registry.resetMetrics)", async () => {
  const registry = new Registry();
  const counter = new CounterFamily(registry, { name: "t_total", help: "T" });
  const histogram = new HistogramFamily(registry, { name: "t_seconds", help: "T", buckets: [1] });
  counter.child().inc(5);
  histogram.child().observe(0.2);
  registry.resetMetrics();
  const scrape = parseExposition(await registry.metrics());
  expect(scrape.samples.every((sample) => sample.value === 0)).toBe(true);
});
