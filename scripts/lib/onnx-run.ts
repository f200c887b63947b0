import * as ort from "onnxruntime-node";

export interface ClassifierRun {
  /** One row of class probabilities per input row. */
  probabilities: number[][];
  /** The model's label output, when it has one and it was asked for. */
  labels?: number[];
}

/**
 * Runs a classifier ONNX model in onnxruntime on float32 rows (one intra-op thread, so sums
 * are taken in the same order on every run).
 *
 * @example
 * const { probabilities } = await runClassifier(bytes, { input: "x", probabilities: "probs" }, rows);
 */
export async function runClassifier(
  model: Uint8Array,
  names: { input: string; probabilities: string; label?: string },
  rows: readonly (readonly number[])[],
): Promise<ClassifierRun> {
  const width = rows[0]?.length ?? 0;
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  try {
    const data = Float32Array.from(rows.flat());
    const feeds = { [names.input]: new ort.Tensor("float32", data, [rows.length, width]) };
    const outputs = await session.run(feeds);
    const probabilities = outputs[names.probabilities];
    if (probabilities === undefined) throw new Error(`no output named ${names.probabilities}`);
    const classes = probabilities.dims[1] ?? 0;
    const values = Array.from(probabilities.data as Float32Array);
    const result: ClassifierRun = {
      probabilities: rows.map((_, i) => values.slice(i * classes, (i + 1) * classes)),
    };
    if (names.label !== undefined) {
      const label = outputs[names.label];
      if (label === undefined) throw new Error(`no output named ${names.label}`);
      result.labels = Array.from(label.data as BigInt64Array, Number);
    }
    return result;
  } finally {
    await session.release();
  }
}

/** Index of the largest value; the first one on ties (as ONNX ArgMax). */
export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) {
    if ((values[i] ?? Number.NEGATIVE_INFINITY) > (values[best] ?? Number.NEGATIVE_INFINITY)) {
      best = i;
    }
  }
  return best;
}
