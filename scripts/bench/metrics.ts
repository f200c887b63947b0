// The mean batch size the server observed, from its Prometheus histogram of rows per
// onnxruntime call (added by the observability work): the change of _sum over the change of
// _count across a measured run. A server without the histogram gives no figure ("n/a").

/** Names the histogram has had; the first one the server exposes is used. */
export const batchSizeMetrics = ["ml_serving_batch_size_rows", "ml_serving_inference_batch_rows"];

export interface HistogramTotals {
  sum: number;
  count: number;
}

/** _sum and _count of a histogram in Prometheus text, added up over every label set. */
export function histogramTotals(text: string, name: string): HistogramTotals | undefined {
  let sum = 0;
  let count = 0;
  let seen = false;
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match === null) continue;
    if (match[1] === `${name}_sum`) {
      sum += Number(match[3]);
      seen = true;
    } else if (match[1] === `${name}_count`) {
      count += Number(match[3]);
      seen = true;
    }
  }
  return seen ? { sum, count } : undefined;
}

/** Reads the batch-size histogram; undefined when the server does not expose it. */
export async function readBatchTotals(baseUrl: string): Promise<HistogramTotals | undefined> {
  try {
    const response = await fetch(`${baseUrl}/metrics`);
    if (!response.ok) return undefined;
    const text = await response.text();
    for (const name of batchSizeMetrics) {
      const totals = histogramTotals(text, name);
      if (totals !== undefined) return totals;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/**
 * Rows per onnxruntime call between two readings; null when unknown or nothing ran. A labelled
 * histogram has no series before its first observation, so "absent before" counts as zero.
 */
export function meanBatchRows(
  before: HistogramTotals | undefined,
  after: HistogramTotals | undefined,
): number | null {
  if (after === undefined) return null;
  const start = before ?? { sum: 0, count: 0 };
  if (after.count <= start.count) return null;
  return (after.sum - start.sum) / (after.count - start.count);
}
