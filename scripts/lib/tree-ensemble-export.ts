import type { onnx } from "onnx-proto";
import type { DecisionTree } from "./decision-tree.ts";
import {
  attr,
  ElementType,
  encodeModel,
  type ModelOptions,
  tensorValueInfo,
} from "./onnx-builders.ts";

/**
 * The smallest float32 that is ≥ `x`. With thresholds rounded this way, `v < threshold32` holds
 * for a float32 input `v` exactly when `v < x` holds in double precision, so the exported model
 * takes the same branches as the trained one for every float32 input.
 *
 * @example
 * float32AtLeast(0.1) >= 0.1; // true, and Math.fround(0.1) < 0.1
 */
export function float32AtLeast(x: number): number {
  const f = Math.fround(x);
  if (f >= x || Number.isNaN(x)) return f;
  const bits = new Uint32Array(new Float32Array([f]).buffer);
  if (f === 0) {
    bits[0] = 1; // the smallest positive subnormal
  } else if (f > 0) {
    bits[0] = (bits[0] ?? 0) + 1;
  } else {
    bits[0] = (bits[0] ?? 0) - 1; // negative: a smaller magnitude is a larger value
  }
  return new Float32Array(bits.buffer)[0] ?? f;
}

export interface TreeEnsembleExport {
  trees: readonly DecisionTree[];
  /** Width of the float32 input tensor. */
  featureCount: number;
  classCount: number;
  inputName: string;
  labelName: string;
  probabilitiesName: string;
  graphName: string;
  /** Symbolic name of the batch dimension. @default "batch" */
  batchDim?: string;
}

/**
 * The `ai.onnx.ml` TreeEnsembleClassifier node (no ZipMap) computing the soft vote of `trees`:
 * every leaf carries its class distribution divided by the number of trees, so the summed
 * scores with `post_transform` NONE are the forest's mean probability. Splits use BRANCH_LT,
 * matching the trees' `row[feature] < threshold` goes left (the ONNX "true" branch).
 * Every leaf carries a weight for every class, so the scores are the summed weights as they are
 * (with weights for one class only, onnxruntime would switch to its binary mode and write
 * `1 - p` for the other class).
 */
export function treeEnsembleClassifierNode(
  options: TreeEnsembleExport,
  outputs: { label: string; probabilities: string },
): onnx.INodeProto {
  const { trees, classCount, inputName } = options;
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    values: [] as number[],
    modes: [] as string[],
    trueIds: [] as number[],
    falseIds: [] as number[],
  };
  const leaves = { treeIds: [] as number[], nodeIds: [] as number[], classIds: [] as number[] };
  const weights: number[] = [];

  trees.forEach((tree, treeId) => {
    let nextId = 0;
    // Pre-order numbering: a node's id is assigned before its children's.
    const visit = (node: DecisionTree): number => {
      const id = nextId++;
      const slot = nodes.treeIds.length;
      nodes.treeIds.push(treeId);
      nodes.nodeIds.push(id);
      if (node.kind === "leaf") {
        nodes.featureIds.push(0);
        nodes.values.push(0);
        nodes.modes.push("LEAF");
        nodes.trueIds.push(0);
        nodes.falseIds.push(0);
        for (let c = 0; c < classCount; c++) {
          leaves.treeIds.push(treeId);
          leaves.nodeIds.push(id);
          leaves.classIds.push(c);
          weights.push((node.distribution[c] ?? 0) / trees.length);
        }
        return id;
      }
      nodes.featureIds.push(node.feature);
      nodes.values.push(float32AtLeast(node.threshold));
      nodes.modes.push("BRANCH_LT");
      nodes.trueIds.push(-1);
      nodes.falseIds.push(-1);
      nodes.trueIds[slot] = visit(node.left);
      nodes.falseIds[slot] = visit(node.right);
      return id;
    };
    visit(tree);
  });

  return {
    name: "forest",
    opType: "TreeEnsembleClassifier",
    domain: "ai.onnx.ml",
    input: [inputName],
    output: [outputs.label, outputs.probabilities],
    attribute: [
      attr.ints("class_ids", leaves.classIds),
      attr.ints("class_nodeids", leaves.nodeIds),
      attr.ints("class_treeids", leaves.treeIds),
      attr.floats("class_weights", weights),
      attr.ints(
        "classlabels_int64s",
        Array.from({ length: classCount }, (_, c) => c),
      ),
      attr.ints("nodes_falsenodeids", nodes.falseIds),
      attr.ints("nodes_featureids", nodes.featureIds),
      attr.strings("nodes_modes", nodes.modes),
      attr.ints("nodes_nodeids", nodes.nodeIds),
      attr.ints("nodes_treeids", nodes.treeIds),
      attr.ints("nodes_truenodeids", nodes.trueIds),
      attr.floats("nodes_values", nodes.values),
      attr.string("post_transform", "NONE"),
    ],
  };
}

/**
 * A complete model: input `[batch, featureCount]` float32, outputs the int64 label `[batch]`
 * and float32 probabilities `[batch, classCount]`. IR 8, opsets "" 17 and ai.onnx.ml 3.
 *
 * The label comes from an ArgMax over the probabilities (ties go to the lower class index), not
 * from the TreeEnsembleClassifier's own label: for two classes with weights on both, onnxruntime
 * (1.30) answers the positive class whenever its score is above 0, i.e. nearly always.
 *
 * @example
 * const bytes = exportTreeEnsembleClassifier(
 *   { trees, featureCount: 11, classCount: 2, inputName: "features", labelName: "label",
 *     probabilitiesName: "probabilities", graphName: "churn" },
 *   { producerName: "ml-serving", producerVersion: "1", docString: "churn" },
 * );
 */
export function exportTreeEnsembleClassifier(
  options: TreeEnsembleExport,
  model: Omit<ModelOptions, "graph" | "opsets">,
): Uint8Array {
  const { featureCount, classCount, inputName, labelName, probabilitiesName, graphName } = options;
  const batch = options.batchDim ?? "batch";
  if (options.trees.length === 0) throw new RangeError("a tree ensemble needs at least one tree");
  return encodeModel({
    ...model,
    opsets: { "": 17, "ai.onnx.ml": 3 },
    graph: {
      name: graphName,
      node: [
        treeEnsembleClassifierNode(options, {
          label: "forest_label", // unused, see above
          probabilities: probabilitiesName,
        }),
        {
          name: "argmax",
          opType: "ArgMax",
          input: [probabilitiesName],
          output: [labelName],
          attribute: [
            attr.int("axis", 1),
            attr.int("keepdims", 0),
            attr.int("select_last_index", 0),
          ],
        },
      ],
      input: [tensorValueInfo(inputName, ElementType.FLOAT, [batch, featureCount])],
      output: [
        tensorValueInfo(labelName, ElementType.INT64, [batch], "index of the most likely class"),
        tensorValueInfo(
          probabilitiesName,
          ElementType.FLOAT,
          [batch, classCount],
          "class probabilities (mean of the trees' leaf distributions)",
        ),
      ],
    },
  });
}
