/**
 * Area under the ROC curve: the probability that a random positive scores higher than a random
 * negative, counting ties as one half (the Mann–Whitney U statistic with mid-ranks).
 *
 * @example
 * rocAuc([0, 1, 1], [0.2, 0.8, 0.2]); // 0.75
 */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number {
  if (labels.length !== scores.length) throw new RangeError("labels and scores differ in length");
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  let positives = 0;
  let rankSumOfPositives = 0;
  let i = 0;
  while (i < order.length) {
    // A run of tied scores shares the mean of its 1-based ranks i+1 … j.
    let j = i;
    while (j < order.length && scores[order[j] as number] === scores[order[i] as number]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k] as number] === 1) {
        positives += 1;
        rankSumOfPositives += midRank;
      }
    }
    i = j;
  }
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new RangeError("AUC needs at least one positive and one negative label");
  }
  return (rankSumOfPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Mean binary cross-entropy (natural log) of the positive-class probabilities, clipped to
 * [eps, 1 - eps] so a confident miss costs a large but finite amount.
 *
 * @example
 * logLoss([1, 0], [0.9, 0.1]); // 0.1054
 */
export function logLoss(
  labels: readonly number[],
  probabilities: readonly number[],
  eps = 1e-15,
): number {
  if (labels.length !== probabilities.length) {
    throw new RangeError("labels and probabilities differ in length");
  }
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, probabilities[i] ?? 0));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/**
 * Share of predicted labels that equal the true labels.
 *
 * @example
 * accuracy([0, 1, 1], [0, 1, 0]); // 0.6667
 */
export function accuracy(labels: readonly number[], predicted: readonly number[]): number {
  if (labels.length !== predicted.length) throw new RangeError("labels and predictions differ");
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hits += 1;
  return hits / labels.length;
}
