import { RandomForestClassifier } from "ml-random-forest";
import type { DecisionTree } from "./decision-tree.ts";

/** Hyper-parameters of one ml-random-forest RandomForestClassifier and its ml-cart trees. */
export interface MljsForestOptions {
  nEstimators: number;
  seed: number;
  /** Share (0, 1] or count of the features each tree sees (ml-random-forest bags per tree). */
  maxFeatures: number;
  maxDepth: number;
  /** A node with this many rows or fewer becomes a leaf. */
  minNumSamples: number;
  /** A split must gain more Gini than this. ml-cart's default, 0.01, stops trees early. */
  gainThreshold: number;
}

/**
 * Trains one seeded ml-random-forest classifier: bootstrap-bagged rows, per-tree feature
 * bagging without replacement, Gini CART trees. Labels are class indices 0 … k-1.
 */
export function trainMljsForest(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: MljsForestOptions,
): RandomForestClassifier {
  const { nEstimators, seed, maxFeatures, maxDepth, minNumSamples, gainThreshold } = options;
  const forest = new RandomForestClassifier({
    nEstimators,
    seed,
    maxFeatures,
    replacement: false,
    useSampleBagging: true,
    noOOB: true,
    treeOptions: { maxDepth, minNumSamples, gainThreshold },
  });
  forest.train(
    rows.map((row) => [...row]),
    [...labels],
  );
  return forest;
}

/** A tree node as ml-cart's `toJSON` writes it (only the fields read here). */
interface CartNodeJson {
  splitColumn?: number;
  splitValue?: number;
  left?: CartNodeJson;
  right?: CartNodeJson;
  /** Present on leaves only: a 1×k matrix, k = 1 + the largest class seen in the leaf. */
  distribution?: number[][];
}

interface ForestJson {
  baseModel: { indexes: number[][]; estimators: { root: CartNodeJson }[] };
}

function toDecisionTree(node: CartNodeJson, columns: readonly number[]): DecisionTree {
  if (node.distribution !== undefined || node.left === undefined || node.right === undefined) {
    return { kind: "leaf", distribution: [...(node.distribution?.[0] ?? [])] };
  }
  const feature = columns[node.splitColumn ?? -1];
  if (feature === undefined || node.splitValue === undefined) {
    throw new Error("ml-cart split node without a column or value");
  }
  return {
    kind: "split",
    // Each tree saw only its bagged columns; map its column back to the input's.
    feature,
    threshold: node.splitValue,
    left: toDecisionTree(node.left, columns),
    right: toDecisionTree(node.right, columns),
  };
}

/**
 * The forest's trees in library-neutral form, read from the model's own JSON export
 * (`forest.toJSON()`, the format ml-random-forest saves and loads).
 */
export function treesOfForest(forest: RandomForestClassifier): DecisionTree[] {
  const json = JSON.parse(JSON.stringify(forest.toJSON())) as ForestJson;
  const { indexes, estimators } = json.baseModel;
  return estimators.map((estimator, i) => toDecisionTree(estimator.root, indexes[i] ?? []));
}

/** The parts of a trained ml-cart tree used to predict with the library's own code. */
interface CartEstimator {
  root: { classify(row: number[]): { columns: number; get(row: number, column: number): number } };
}

/**
 * Soft-vote probabilities computed by ml-random-forest/ml-cart themselves (each tree's
 * `classify` on its own bagged columns): the reference an export must reproduce.
 */
export function mljsSoftVote(
  forests: readonly RandomForestClassifier[],
  rows: readonly (readonly number[])[],
  classes: number,
): number[][] {
  // The package's type declarations leave the trees untyped; this is their runtime shape.
  const parts = forests.flatMap((forest) => {
    const estimators = (forest.estimators ?? []) as unknown as CartEstimator[];
    return estimators.map((estimator, i) => ({ estimator, columns: forest.indexes?.[i] ?? [] }));
  });
  return rows.map((row) => {
    const sums = new Array<number>(classes).fill(0);
    for (const { estimator, columns } of parts) {
      const distribution = estimator.root.classify(columns.map((c) => row[c] ?? Number.NaN));
      for (let c = 0; c < Math.min(classes, distribution.columns); c++) {
        sums[c] = (sums[c] ?? 0) + distribution.get(0, c);
      }
    }
    return sums.map((s) => s / parts.length);
  });
}
