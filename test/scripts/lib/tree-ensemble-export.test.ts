import { describe, expect, test } from "bun:test";
import { onnx } from "onnx-proto";
import { makeChurnData } from "../../../scripts/lib/churn-data.ts";
import { churnManifest } from "../../../scripts/lib/churn-manifest.ts";
import { averageLeafDistributions, type DecisionTree } from "../../../scripts/lib/decision-tree.ts";
import { createManifestEncoder } from "../../../scripts/lib/manifest-encoder.ts";
import { mljsSoftVote, trainMljsForest, treesOfForest } from "../../../scripts/lib/mljs-forest.ts";
import { argmax, runClassifier } from "../../../scripts/lib/onnx-run.ts";
import {
  exportTreeEnsembleClassifier,
  float32AtLeast,
} from "../../../scripts/lib/tree-ensemble-export.ts";

const NAMES = { input: "features", probabilities: "probabilities", label: "label" };

function exportTrees(trees: DecisionTree[], featureCount: number, classCount = 2): Uint8Array {
  return exportTreeEnsembleClassifier(
    {
      trees,
      featureCount,
      classCount,
      inputName: NAMES.input,
      labelName: NAMES.label,
      probabilitiesName: NAMES.probabilities,
      graphName: "test",
    },
    { producerName: "test", producerVersion: "0", docString: "" },
  );
}

const nextFloat32Down = (f: number): number => {
  const bits = new Uint32Array(new Float32Array([f]).buffer);
  bits[0] = (bits[0] ?? 0) + (f > 0 ? -1 : 1);
  return new Float32Array(bits.buffer)[0] ?? f;
};

describe("float32AtLeast", () => {
  test.each([0.1, 0.5, 1 / 3, 65.505, 1572.125, 36000.005, -0.1, -2.7, 1e-45, 0])(
    "%p: the smallest float32 not below it",
    (x) => {
      const t = float32AtLeast(x);
      expect(Math.fround(t)).toBe(t);
      expect(t).toBeGreaterThanOrEqual(x);
      if (t !== 0) expect(nextFloat32Down(t)).toBeLessThan(x);
    },
  );

  test("keeps float32 values as they are", () => {
    expect(float32AtLeast(0.5)).toBe(0.5);
    expect(float32AtLeast(Math.fround(0.1))).toBe(Math.fround(0.1));
  });
});

describe("exportTreeEnsembleClassifier", () => {
  test("branches like ml-cart: left when value < threshold, for float32 inputs", async () => {
    // 0.1 is not a float32: Math.fround(0.1) > 0.1, so that input must go right.
    const tree: DecisionTree = {
      kind: "split",
      feature: 1,
      threshold: 0.1,
      left: { kind: "leaf", distribution: [0.75, 0.25] },
      right: {
        kind: "split",
        feature: 0,
        threshold: 2,
        left: { kind: "leaf", distribution: [1] }, // ml-cart leaves may omit absent classes
        right: { kind: "leaf", distribution: [0.125, 0.875] },
      },
    };
    const below = nextFloat32Down(Math.fround(0.1));
    const rows = [
      [5, below],
      [5, Math.fround(0.1)],
      [2, 1],
      [nextFloat32Down(2), 1],
    ];
    const { probabilities, labels } = await runClassifier(exportTrees([tree], 2), NAMES, rows);
    expect(probabilities).toEqual([
      [0.75, 0.25],
      [0.125, 0.875],
      [0.125, 0.875],
      [1, 0],
    ]);
    expect(labels).toEqual([0, 1, 1, 0]);
  });

  test("rounds thresholds up to float32, never to the nearest float32 below", async () => {
    // Math.fround(0.7) < 0.7: ml-cart sends that float32 input left; a threshold rounded to
    // nearest would equal it and send it right.
    const tree: DecisionTree = {
      kind: "split",
      feature: 0,
      threshold: 0.7,
      left: { kind: "leaf", distribution: [1, 0] },
      right: { kind: "leaf", distribution: [0, 1] },
    };
    const v = Math.fround(0.7);
    expect(v).toBeLessThan(0.7);
    const { labels } = await runClassifier(exportTrees([tree], 1), NAMES, [[v], [0.7000001]]);
    expect(labels).toEqual([0, 1]);
  });

  test("averages the trees' leaf distributions and labels by argmax, ties to class 0", async () => {
    const leaf = (p: number): DecisionTree => ({ kind: "leaf", distribution: [1 - p, p] });
    const trees: DecisionTree[] = [
      { kind: "split", feature: 0, threshold: 0.5, left: leaf(0.2), right: leaf(0.5) },
      { kind: "split", feature: 0, threshold: 1.5, left: leaf(0.8), right: leaf(0.5) },
    ];
    const run = await runClassifier(exportTrees(trees, 1), NAMES, [[0], [1], [2]]);
    expect(run.probabilities[0]?.[1]).toBeCloseTo(0.5, 7); // (0.2 + 0.8) / 2: a tie
    expect(run.probabilities[1]?.[1]).toBeCloseTo(0.65, 7);
    expect(run.probabilities[2]?.[1]).toBeCloseTo(0.5, 7);
    expect(run.labels).toEqual([0, 1, 0]);
  });

  test("writes the documented graph", () => {
    const leaf: DecisionTree = { kind: "leaf", distribution: [0.5, 0.5] };
    const model = onnx.ModelProto.decode(exportTrees([leaf], 11));
    expect(Number(model.irVersion)).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([
      ["", 17],
      ["ai.onnx.ml", 3],
    ]);
    const graph = model.graph as onnx.GraphProto;
    expect(graph.node.map((n) => n.opType)).toEqual(["TreeEnsembleClassifier", "ArgMax"]);
    const dims = (v: onnx.IValueInfoProto) =>
      v.type?.tensorType?.shape?.dim?.map((d) => d.dimParam || Number(d.dimValue));
    expect(graph.input.map((v) => [v.name, dims(v)])).toEqual([["features", ["batch", 11]]]);
    expect(graph.output.map((v) => [v.name, v.type?.tensorType?.elemType, dims(v)])).toEqual([
      ["label", onnx.TensorProto.DataType.INT64, ["batch"]],
      ["probabilities", onnx.TensorProto.DataType.FLOAT, ["batch", 2]],
    ]);
    const forest = graph.node[0] as onnx.NodeProto;
    const attribute = (name: string) => forest.attribute.find((a) => a.name === name);
    expect(new TextDecoder().decode(attribute("post_transform")?.s ?? undefined)).toBe("NONE");
    expect(forest.output).not.toContain("label");
  });

  test("matches the ml-random-forest it came from on generated rows", async () => {
    const encoder = createManifestEncoder(churnManifest);
    const encode = (n: number, seed: number) =>
      makeChurnData({ rows: n, seed }).map((r) => ({
        row: encoder.encode(r.customer).map(Math.fround),
        label: r.churn,
      }));
    const train = encode(1200, 11);
    const forest = trainMljsForest(
      train.map((t) => t.row),
      train.map((t) => t.label),
      {
        nEstimators: 12,
        seed: 5,
        maxFeatures: 0.8,
        maxDepth: 6,
        minNumSamples: 3,
        gainThreshold: 0,
      },
    );
    const trees = treesOfForest(forest);
    expect(trees).toHaveLength(12);

    // Fresh rows plus rows sitting exactly on learned thresholds, the hardest case for branching.
    const rows = encode(300, 12).map((t) => t.row);
    for (const tree of trees.slice(0, 3)) {
      if (tree.kind !== "split") continue;
      const onThreshold = [...(rows[0] ?? [])];
      onThreshold[tree.feature] = float32AtLeast(tree.threshold);
      rows.push(onThreshold);
    }

    const expected = mljsSoftVote([forest], rows, 2);
    // The library-neutral trees agree with ml-cart's own classify().
    const neutral = averageLeafDistributions(trees, rows, 2);
    neutral.forEach((p, i) => {
      expect(p[1]).toBeCloseTo(expected[i]?.[1] ?? Number.NaN, 12);
    });

    const run = await runClassifier(exportTrees(trees, encoder.width), NAMES, rows);
    let maxError = 0;
    run.probabilities.forEach((p, i) => {
      p.forEach((value, c) => {
        maxError = Math.max(maxError, Math.abs(value - (expected[i]?.[c] ?? Number.NaN)));
      });
    });
    expect(maxError).toBeLessThan(1e-6);
    // Not a degenerate forest: the probabilities spread out.
    const churn = expected.map((p) => p[1] ?? 0);
    expect(Math.max(...churn) - Math.min(...churn)).toBeGreaterThan(0.5);
    expect(run.labels).toEqual(run.probabilities.map(argmax));
  }, 60_000);
});
