/**
 * A trained binary decision tree in a library-neutral form: what the ONNX export reads.
 * A split sends a row left when `row[feature] < threshold` (strictly less, as ml-cart does)
 * and right otherwise; a leaf holds the class distribution of its training rows.
 */
export type DecisionTree =
  | { kind: "split"; feature: number; threshold: number; left: DecisionTree; right: DecisionTree }
  | { kind: "leaf"; distribution: number[] };

/** The distribution of the leaf `row` falls into. */
export function leafFor(tree: DecisionTree, row: readonly number[]): number[] {
  let node = tree;
  while (node.kind === "split") {
    node = (row[node.feature] ?? Number.NaN) < node.threshold ? node.left : node.right;
  }
  return node.distribution;
}

/**
 * Soft voting: the mean over trees of the leaf class distributions, one row of `classes`
 * probabilities per input row. This is what the exported TreeEnsembleClassifier computes.
 *
 * @example
 * averageLeafDistributions(trees, [[24, 65.5, 1572, 3, 1, 1, 0, 1, 0, 0, 0]], 2); // [[p0, p1]]
 */
export function averageLeafDistributions(
  trees: readonly DecisionTree[],
  rows: readonly (readonly number[])[],
  classes: number,
): number[][] {
  return rows.map((row) => {
    const sums = new Array<number>(classes).fill(0);
    for (const tree of trees) {
      const distribution = leafFor(tree, row);
      for (let c = 0; c < classes; c++) sums[c] = (sums[c] ?? 0) + (distribution[c] ?? 0);
    }
    return sums.map((s) => s / trees.length);
  });
}

/** Counts of split and leaf nodes and the deepest leaf's depth (root = 0). */
export function treeStats(tree: DecisionTree): { splits: number; leaves: number; depth: number } {
  if (tree.kind === "leaf") return { splits: 0, leaves: 1, depth: 0 };
  const left = treeStats(tree.left);
  const right = treeStats(tree.right);
  return {
    splits: left.splits + right.splits + 1,
    leaves: left.leaves + right.leaves,
    depth: Math.max(left.depth, right.depth) + 1,
  };
}
