import { expect, test } from "bun:test";
import { Histogram, Registry } from "prom-client";
import { batchSizeMetrics, histogramTotals, meanBatchRows } from "../../scripts/bench/metrics.ts";

const batchSizeMetric = batchSizeMetrics[0] as string;

test("the mean batch size comes from prom-client's own exposition of the histogram", async () => {
  const registry = new Registry();
  const histogram = new Histogram({
    name: batchSizeMetric,
    help: "rows per onnxruntime call",
    labelNames: ["model"],
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers: [registry],
  });
  const before = histogramTotals(await registry.metrics(), batchSizeMetric);
  for (const rows of [1, 3, 64]) histogram.observe({ model: "churn" }, rows);
  histogram.observe({ model: "other" }, 12);
  const after = histogramTotals(await registry.metrics(), batchSizeMetric);
  expect(after).toEqual({ sum: 80, count: 4 });
  expect(meanBatchRows(before, after)).toBe(20);
});

test("an absent histogram or an idle interval gives no mean", () => {
  expect(histogramTotals("# HELP other x\nother_sum 3\n", batchSizeMetric)).toBeUndefined();
  expect(meanBatchRows({ sum: 1, count: 1 }, undefined)).toBeNull();
  expect(meanBatchRows({ sum: 5, count: 2 }, { sum: 5, count: 2 })).toBeNull();
});
