/**
 * Trains the embedded churn model and writes models/churn.onnx, models/churn.manifest.json and
 * the model card models/churn.md. Deterministic: a re-run writes the same bytes.
 *
 * Usage: bun scripts/train-churn-model.ts [--out-dir DIR]   (default: models/)
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Value } from "@sinclair/typebox/value";
import mlCartPackage from "ml-cart/package.json" with { type: "json" };
import type { RandomForestClassifier } from "ml-random-forest";
import mlRandomForestPackage from "ml-random-forest/package.json" with { type: "json" };
import onnxProtoPackage from "onnx-proto/package.json" with { type: "json" };
import onnxruntimePackage from "onnxruntime-node/package.json" with { type: "json" };
import { type Manifest, ManifestSchema } from "../src/model/manifest-schema.ts";
import { makeChurnData, trueChurnProbability } from "./lib/churn-data.ts";
import { churnManifest } from "./lib/churn-manifest.ts";
import { type ChurnModelFacts, renderChurnModelCard } from "./lib/churn-model-card.ts";
import { CHURN_TRAINING, type ChurnTrainingConfig } from "./lib/churn-training-config.ts";
import { type DecisionTree, treeStats } from "./lib/decision-tree.ts";
import { createManifestEncoder } from "./lib/manifest-encoder.ts";
import { accuracy, logLoss, rocAuc } from "./lib/metrics.ts";
import { mljsSoftVote, trainMljsForest, treesOfForest } from "./lib/mljs-forest.ts";
import { argmax, runClassifier } from "./lib/onnx-run.ts";
import { createRng } from "./lib/seeded-rng.ts";
import { stratifiedShards, stratifiedSplit } from "./lib/stratified-split.ts";
import { exportTreeEnsembleClassifier } from "./lib/tree-ensemble-export.ts";

/** Bump when the export itself changes (graph layout, attributes, metadata). */
const EXPORTER_VERSION = "1.0";
/** The exported model may differ from ml-cart's own double-precision answer by float32 rounding. */
const MAX_EXPORT_ERROR = 1e-5;

export interface ChurnModelBuild {
  onnx: Uint8Array;
  sha256: string;
  manifest: Manifest;
  card: string;
  facts: ChurnModelFacts;
  forests: RandomForestClassifier[];
  trees: DecisionTree[];
  /** Largest |onnxruntime − ml-cart| probability over the holdout. */
  maxExportError: number;
}

/**
 * Generates the data, trains the forest, exports and checks it. Writes nothing.
 *
 * @example
 * const build = await trainChurnModel({ ...CHURN_TRAINING, rows: 2000, shards: 2 });
 * build.facts.metrics.auc; // ≈ 0.88 with the full recipe
 */
export async function trainChurnModel(
  config: ChurnTrainingConfig = CHURN_TRAINING,
): Promise<ChurnModelBuild> {
  const manifest: Manifest = churnManifest;
  const encoder = createManifestEncoder(manifest);

  const data = makeChurnData({ rows: config.rows, seed: config.seed });
  // Train on float32 values: the server feeds the model float32, so the trees see what it sees.
  const rows = data.map((r) => encoder.encode(r.customer).map(Math.fround));
  const labels = data.map((r) => r.churn);

  const split = stratifiedSplit(labels, config.testFraction, createRng(config.seed + 1));
  const shards = stratifiedShards(split.train, labels, config.shards, createRng(config.seed + 2));
  const forests = shards.map((shard, s) =>
    trainMljsForest(
      shard.map((i) => rows[i] ?? []),
      shard.map((i) => labels[i] ?? 0),
      {
        nEstimators: config.treesPerShard,
        seed: config.seed * 1000 + s,
        maxFeatures: config.maxFeatures,
        maxDepth: config.maxDepth,
        minNumSamples: config.minNumSamples,
        gainThreshold: config.gainThreshold,
      },
    ),
  );
  const trees = forests.flatMap(treesOfForest);

  const versions = {
    "ml-random-forest": mlRandomForestPackage.version,
    "ml-cart": mlCartPackage.version,
    "onnx-proto": onnxProtoPackage.version,
    onnxruntime: onnxruntimePackage.version,
    bun: typeof Bun === "undefined" ? "none" : Bun.version,
  };
  const onnx = exportTreeEnsembleClassifier(
    {
      trees,
      featureCount: encoder.width,
      classCount: manifest.classes.length,
      inputName: manifest.input.name,
      labelName: manifest.outputs.label ?? "label",
      probabilitiesName: manifest.outputs.probabilities,
      graphName: manifest.name,
    },
    {
      producerName: "ml-serving-train-churn-model",
      producerVersion: EXPORTER_VERSION,
      docString:
        `Customer churn classifier (${manifest.classes.join(", ")}): soft-voting random forest ` +
        `of ${trees.length} ml-cart trees (max depth ${config.maxDepth}) trained on seeded ` +
        `synthetic data. Input ${manifest.input.name} float32 [batch, ${encoder.width}] encoded ` +
        "as churn.manifest.json says; outputs label int64 [batch] and probabilities float32 " +
        `[batch, ${manifest.classes.length}]. Model card: churn.md.`,
      metadata: {
        columns: encoder.columns.join(","),
        classes: manifest.classes.join(","),
        trainer: `ml-random-forest ${versions["ml-random-forest"]}, ml-cart ${versions["ml-cart"]}`,
        training_recipe: JSON.stringify(config),
      },
    },
  );
  const sha256 = createHash("sha256").update(onnx).digest("hex");

  // Holdout quality of the exported file, as onnxruntime computes it.
  const holdoutRows = split.test.map((i) => rows[i] ?? []);
  const holdoutLabels = split.test.map((i) => labels[i] ?? 0);
  const names = {
    input: manifest.input.name,
    probabilities: manifest.outputs.probabilities,
    label: manifest.outputs.label ?? "label",
  };
  const holdout = await runClassifier(onnx, names, holdoutRows);
  const reference = mljsSoftVote(forests, holdoutRows, manifest.classes.length);
  let maxExportError = 0;
  holdout.probabilities.forEach((p, i) => {
    p.forEach((value, c) => {
      const error = Math.abs(value - (reference[i]?.[c] ?? Number.NaN));
      maxExportError = Number.isNaN(error)
        ? Number.POSITIVE_INFINITY
        : Math.max(maxExportError, error);
    });
  });
  if (!(maxExportError <= MAX_EXPORT_ERROR)) {
    throw new Error(`the ONNX export differs from the trained forest by ${maxExportError}`);
  }
  const churnScores = holdout.probabilities.map((p) => p[1] ?? 0);
  const predicted = holdout.probabilities.map(argmax);

  const exampleRun = await runClassifier(onnx, names, [
    encoder.encode(manifest.example).map(Math.fround),
  ]);
  const exampleLabel = exampleRun.labels?.[0] ?? 0;

  const stats = trees.map(treeStats);
  const facts: ChurnModelFacts = {
    config,
    manifest,
    columns: encoder.columns,
    metrics: {
      auc: rocAuc(holdoutLabels, churnScores),
      ceilingAuc: rocAuc(
        holdoutLabels,
        split.test.map((i) => (data[i] ? trueChurnProbability(data[i].customer) : Number.NaN)),
      ),
      accuracy: accuracy(holdoutLabels, predicted),
      logLoss: logLoss(holdoutLabels, churnScores),
      churnRate: labels.reduce<number>((a, b) => a + b, 0) / labels.length,
      holdoutChurnRate: holdoutLabels.reduce<number>((a, b) => a + b, 0) / holdoutLabels.length,
      trainRows: split.train.length,
      holdoutRows: split.test.length,
    },
    example: {
      churnProbability: exampleRun.probabilities[0]?.[1] ?? Number.NaN,
      label: manifest.classes[exampleLabel] ?? String(exampleLabel),
    },
    onnx: {
      sha256,
      bytes: onnx.length,
      trees: trees.length,
      splits: stats.reduce((a, s) => a + s.splits, 0),
      leaves: stats.reduce((a, s) => a + s.leaves, 0),
      maxDepth: Math.max(...stats.map((s) => s.depth)),
    },
    versions,
  };

  if (!Value.Check(ManifestSchema, manifest)) {
    const first = [...Value.Errors(ManifestSchema, manifest)][0];
    throw new Error(`churn manifest is invalid: ${first?.path} ${first?.message}`);
  }
  return {
    onnx,
    sha256,
    manifest,
    card: renderChurnModelCard(facts),
    facts,
    forests,
    trees,
    maxExportError,
  };
}

/** The manifest as written to disk: two-space JSON with a final newline. */
export function manifestJson(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "out-dir": { type: "string" } } });
  const dir = resolve(values["out-dir"] ?? join(import.meta.dir, "..", "models"));
  const started = performance.now();
  const build = await trainChurnModel();
  const seconds = (performance.now() - started) / 1000;

  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "churn.onnx"), build.onnx);
  writeFileSync(join(dir, "churn.manifest.json"), manifestJson(build.manifest));
  writeFileSync(join(dir, "churn.md"), build.card);

  const { metrics, onnx, example } = build.facts;
  console.log(
    JSON.stringify(
      {
        seconds: Number(seconds.toFixed(1)),
        auc: Number(metrics.auc.toFixed(4)),
        accuracy: Number(metrics.accuracy.toFixed(4)),
        log_loss: Number(metrics.logLoss.toFixed(4)),
        churn_rate: Number(metrics.churnRate.toFixed(4)),
        example_churn_probability: example.churnProbability,
        max_export_error: build.maxExportError,
        trees: onnx.trees,
        bytes: onnx.bytes,
        sha256: onnx.sha256,
        wrote: ["churn.onnx", "churn.manifest.json", "churn.md"].map((f) => join(dir, f)),
      },
      null,
      2,
    ),
  );
}

if (import.meta.main) await main();
