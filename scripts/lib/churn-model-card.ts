import type { Manifest } from "../../src/model/manifest-schema.ts";
import type { ChurnTrainingConfig } from "./churn-training-config.ts";

/** Everything the card states; all of it computed by the training run. */
export interface ChurnModelFacts {
  config: ChurnTrainingConfig;
  manifest: Manifest;
  /** Encoded column names, in tensor order. */
  columns: readonly string[];
  metrics: {
    auc: number;
    /** AUC of the generator's own churn probability on the same holdout: the ceiling. */
    ceilingAuc: number;
    accuracy: number;
    logLoss: number;
    churnRate: number;
    holdoutChurnRate: number;
    trainRows: number;
    holdoutRows: number;
  };
  /** The onnxruntime answer for the manifest's example request. */
  example: { churnProbability: number; label: string };
  onnx: {
    sha256: string;
    bytes: number;
    trees: number;
    splits: number;
    leaves: number;
    maxDepth: number;
  };
  versions: Record<string, string>;
}

const fixed = (x: number, digits: number): string => x.toFixed(digits);
const percent = (x: number): string => `${(100 * x).toFixed(2)} %`;
const thousands = (x: number): string => x.toLocaleString("en-US");

function featureRows(manifest: Manifest, columns: readonly string[]): string[] {
  let column = 0;
  return manifest.features.map((feature) => {
    let type: string = feature.type;
    let encoding = "as is";
    let width = 1;
    if (feature.type === "boolean") encoding = "1 / 0";
    if (feature.type === "integer" || feature.type === "number") {
      const { minimum: low, maximum: high } = feature;
      if (low !== undefined && high !== undefined) type += ` ${low} … ${high}`;
      else if (low !== undefined) type += ` ≥ ${low}`;
      else if (high !== undefined) type += ` ≤ ${high}`;
    }
    if (feature.type === "enum") {
      type = feature.values.join(", ");
      width = feature.encoding === "one_hot" ? feature.values.length : 1;
      encoding =
        feature.encoding === "ordinal"
          ? `ordinal: ${feature.values.map((v, i) => `${v} = ${i}`).join(", ")}`
          : "one-hot: a 0/1 column per value, in this order";
    }
    const span = columns.slice(column, column + width).map((_, i) => column + i);
    column += width;
    const where = span.length === 1 ? `${span[0]}` : `${span[0]}–${span[span.length - 1]}`;
    return `| ${where} | \`${feature.name}\` | ${type} | ${encoding} |`;
  });
}

/**
 * The model card (models/churn.md), rendered from the run's facts so the numbers in it are the
 * numbers the run produced. Deterministic: no dates or timings.
 */
export function renderChurnModelCard(facts: ChurnModelFacts): string {
  const { config, manifest, columns, metrics, example, onnx, versions } = facts;
  const trees = config.shards * config.treesPerShard;
  const shardRows = Math.round(metrics.trainRows / config.shards);
  const rule = manifest.rules?.[0];
  return `# Model card: churn

<!-- Written by scripts/train-churn-model.ts; do not edit by hand, re-run the script. -->

The default model embedded in ml-serving: the probability that a subscription customer churns
(cancels). It is trained on **synthetic** data and exists to make the server useful out of the
box and to exercise it realistically; it knows nothing about any real customer base.

| | |
|---|---|
| file | \`models/churn.onnx\` (${thousands(onnx.bytes)} bytes) |
| sha256 | \`${onnx.sha256}\` |
| version (first 12 hex of sha256) | \`${onnx.sha256.slice(0, 12)}\` |
| manifest | \`models/churn.manifest.json\` |
| classes | ${manifest.classes.map((c) => `\`${c}\``).join(", ")} |

## Holdout quality

Measured by running the exported ONNX file in onnxruntime on the ${thousands(metrics.holdoutRows)}
holdout rows (stratified, never seen in training):

| metric | value |
|---|---|
| ROC AUC | ${fixed(metrics.auc, 4)} |
| ROC AUC of the true generating probability (the ceiling) | ${fixed(metrics.ceilingAuc, 4)} |
| accuracy (label = argmax) | ${fixed(metrics.accuracy, 4)} |
| log loss | ${fixed(metrics.logLoss, 4)} |
| churn rate, holdout | ${percent(metrics.holdoutChurnRate)} |
| churn rate, all ${thousands(config.rows)} rows | ${percent(metrics.churnRate)} |

The manifest's example request

\`\`\`json
${JSON.stringify(manifest.example)}
\`\`\`

gets P(churn) = ${fixed(example.churnProbability, 6)}, label \`${example.label}\`.

## Data

${thousands(config.rows)} telco-like customers from a seeded generator
(\`scripts/lib/churn-data.ts\`, seed ${config.seed}) that mirrors the FastAPI peer's
\`train.py make_dataset\`, so both services model the same kind of data:

- contract: month-to-month 55 %, one-year 24 %, two-year 21 %; payment: electronic 34 %,
  mailed 23 %, bank 22 %, credit 21 %;
- tenure in months: Gamma(shape 1.6) with mean 16 / 38 / 55 by contract, rounded, clipped to 0 … 120;
- phone service 90 %, internet 78 %; products = phone + internet + Poisson(1.2), clipped to 1 … 10;
- monthly charges = 18 + 20·phone + 40·internet + 6·(products − 1) + Normal(0, 7), clipped to
  18 … 300, 2 decimals; total charges = monthly × max(tenure, 1) × Uniform(0.92, 1.05), at least
  the monthly charge (the API's rule);
- churn ~ Bernoulli(sigmoid(z)), z = −2.6 + 1.6 · (1.5·month-to-month + 0.3·one-year
  − 0.045·min(tenure, 60) + 0.75·electronic − 0.15·bank − 0.10·credit + 0.015·(monthly − 65)
  + 0.35·internet − 0.18·(products − 3) + 0.6·[month-to-month ∧ electronic ∧ tenure < 12]).

Short tenure, month-to-month contracts, electronic payment and high charges raise churn; more
products lower it. The split is ${Math.round((1 - config.testFraction) * 100)} / ${Math.round(config.testFraction * 100)},
stratified by label: ${thousands(metrics.trainRows)} training and ${thousands(metrics.holdoutRows)} holdout rows.

## Features and encoding

The request fields become one float32 row of ${columns.length} columns, input \`${manifest.input.name}\`
\`[batch, ${columns.length}]\`, in this order (as \`models/churn.manifest.json\` defines; training used
the same encoder):

| column | feature | type | encoding |
|---|---|---|---|
${featureRows(manifest, columns).join("\n")}
${rule ? `\nRule checked before inference: \`${rule.left} ${rule.op} ${rule.right}\`.\n` : ""}
## Model

A soft-voting random forest of ${trees} CART trees (Gini), trained with ml-random-forest
${versions["ml-random-forest"]} / ml-cart ${versions["ml-cart"]}:

| hyper-parameter | value |
|---|---|
| trees | ${trees} = ${config.shards} shards × ${config.treesPerShard} trees |
| rows per tree | bootstrap sample of its shard (${thousands(shardRows)} rows) |
| max depth | ${config.maxDepth} |
| min rows to split a node | more than ${config.minNumSamples} |
| min Gini gain to split | ${config.gainThreshold} |
| features per tree | ${config.maxFeatures === 1 ? "all" : config.maxFeatures} (ml-random-forest bags features per tree, not per split) |
| forest seeds | ${config.seed} × 1000 + shard |

Why shards: ml-cart evaluates every candidate threshold with a full pass over the node's rows, so
a tree's cost grows with the square of its rows; in our measurements one depth-6 tree on all
16,000 training rows took about 35 s on a 2-core VM, so 100 of them would take about an hour.
The training rows are therefore dealt into ${config.shards} disjoint stratified shards and each shard
trains a ${config.treesPerShard}-tree ml-random-forest classifier; the ${trees} trees together see every training row. Per-tree subsampling is the usual random-forest \`max_samples\` knob; larger shards
did not improve the holdout AUC in our runs.

The probability is the mean of the trees' leaf class distributions (soft voting; ml-random-forest's
own \`predictProbability\` is a hard vote). The ensemble has ${thousands(onnx.splits)} splits and
${thousands(onnx.leaves)} leaves; the deepest leaf is at depth ${onnx.maxDepth}.

## ONNX graph

- IR version 8, opsets \`""\` 17 and \`ai.onnx.ml\` 3; producer \`ml-serving-train-churn-model\`.
- \`ai.onnx.ml.TreeEnsembleClassifier\` (no ZipMap, \`post_transform\` NONE); each leaf carries
  weight distribution / ${trees} for every class, so the summed scores are the forest's mean
  probability → output \`${manifest.outputs.probabilities}\` float32 \`[batch, ${manifest.classes.length}]\`.
- Splits are \`BRANCH_LT\`: ml-cart sends a row left when \`value < threshold\`. Thresholds are
  stored as the smallest float32 ≥ the trained (double) threshold, so every float32 input takes
  the branch the trained tree takes.
- \`${manifest.outputs.label ?? "label"}\` int64 \`[batch]\` is an \`ArgMax\` over the probabilities (ties → \`${manifest.classes[0]}\`). The
  classifier's own label output is left unused: for two classes with weights on both,
  onnxruntime returns the positive class whenever its score is above 0.

## Reproduce

\`\`\`sh
bun scripts/train-churn-model.ts     # or ./node_modules/.bin/bun scripts/train-churn-model.ts
sha256sum models/churn.onnx          # ${onnx.sha256}
\`\`\`

The script is deterministic: every random draw comes from seeded generators (its own for the
data, split and shards; ml-random-forest's seeded Mersenne Twister for the bags) and the ONNX
file holds no timestamps, so a re-run writes \`models/churn.onnx\`, \`models/churn.manifest.json\`
and this card byte for byte again. \`bun test test/scripts\` re-runs the training and checks that.
Produced with ${Object.entries(versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ")}; another JavaScript engine
may differ in the last bits of \`Math.log\` and friends and so draw slightly different data.

## Limitations

Synthetic data with a known generating process: the holdout numbers say how well the forest
recovers that process, not how it would do on real customers. Do not use it for real decisions.
`;
}
