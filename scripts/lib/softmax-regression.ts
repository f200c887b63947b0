/** A linear softmax classifier: `probabilities = softmax(row · weights + bias)`. */
export interface SoftmaxModel {
  /** `[features][classes]`, the layout of an ONNX MatMul's right-hand side. */
  weights: number[][];
  bias: number[];
}

export interface SoftmaxTraining {
  /** Full-batch gradient-descent steps. @default 500 */
  epochs?: number;
  /** @default 0.5 */
  learningRate?: number;
  /** L2 penalty on the weights (keeps separable classes from running off to infinity). @default 1e-3 */
  l2?: number;
}

/** Softmax of a row of logits, shifted by the maximum so exp never overflows. */
export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function predictSoftmax(model: SoftmaxModel, row: readonly number[]): number[] {
  return softmax(
    model.bias.map((b, c) => row.reduce((sum, x, j) => sum + x * (model.weights[j]?.[c] ?? 0), b)),
  );
}

/**
 * Multinomial logistic regression by full-batch gradient descent from zero weights: no
 * randomness, so the same rows give the same model. Columns are standardized while training and
 * the scaling is folded back into the weights, so the model takes rows as given.
 *
 * @example
 * const model = trainSoftmaxRegression(rows, labels, 3, { epochs: 300 });
 * predictSoftmax(model, rows[0]); // three probabilities summing to 1
 */
export function trainSoftmaxRegression(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  classes: number,
  options: SoftmaxTraining = {},
): SoftmaxModel {
  const { epochs = 500, learningRate = 0.5, l2 = 1e-3 } = options;
  const n = rows.length;
  const width = rows[0]?.length ?? 0;
  const mean = Array.from(
    { length: width },
    (_, j) => rows.reduce((s, r) => s + (r[j] ?? 0), 0) / n,
  );
  const sd = mean.map((m, j) => {
    const variance = rows.reduce((s, r) => s + ((r[j] ?? 0) - m) ** 2, 0) / n;
    return variance > 0 ? Math.sqrt(variance) : 1;
  });
  const z = rows.map((r) => r.map((x, j) => (x - (mean[j] ?? 0)) / (sd[j] ?? 1)));

  const scaled: SoftmaxModel = {
    weights: Array.from({ length: width }, () => new Array<number>(classes).fill(0)),
    bias: new Array<number>(classes).fill(0),
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    const gradW = Array.from({ length: width }, () => new Array<number>(classes).fill(0));
    const gradB = new Array<number>(classes).fill(0);
    z.forEach((row, i) => {
      const p = predictSoftmax(scaled, row);
      for (let c = 0; c < classes; c++) {
        const error = (p[c] ?? 0) - (labels[i] === c ? 1 : 0);
        gradB[c] = (gradB[c] ?? 0) + error / n;
        row.forEach((x, j) => {
          const g = gradW[j] as number[];
          g[c] = (g[c] ?? 0) + (error * x) / n;
        });
      }
    });
    for (let c = 0; c < classes; c++) {
      scaled.bias[c] = (scaled.bias[c] ?? 0) - learningRate * (gradB[c] ?? 0);
      for (let j = 0; j < width; j++) {
        const w = scaled.weights[j] as number[];
        w[c] = (w[c] ?? 0) - learningRate * ((gradW[j]?.[c] ?? 0) + l2 * (w[c] ?? 0));
      }
    }
  }

  // (x - m) / s · w + b  =  x · (w / s) + (b - Σ m · w / s)
  const weights = scaled.weights.map((w, j) => w.map((v) => v / (sd[j] ?? 1)));
  const bias = scaled.bias.map(
    (b, c) => b - weights.reduce((s, w, j) => s + (mean[j] ?? 0) * (w[c] ?? 0), 0),
  );
  return { weights, bias };
}
