/**
 * Writes a second, deliberately different model for the tests: `penguins`, a 3-class softmax
 * regression with input `x` [batch, 8] and a single `probs` output (no label output, so the
 * server must take the argmax itself), features with every kind of transform, and one rule.
 * Deterministic: a re-run writes the same bytes.
 *
 * Usage: bun scripts/make-test-model.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { type Manifest, ManifestSchema } from "../src/model/manifest-schema.ts";
import { createManifestEncoder } from "./lib/manifest-encoder.ts";
import {
  attr,
  ElementType,
  encodeModel,
  floatTensor,
  tensorValueInfo,
} from "./lib/onnx-builders.ts";
import { ISLANDS, makePenguinData, SPECIES } from "./lib/penguin-data.ts";
import {
  predictSoftmax,
  type SoftmaxModel,
  trainSoftmaxRegression,
} from "./lib/softmax-regression.ts";

export const penguinsManifest = {
  name: "penguins",
  description:
    "Test fixture: penguin species from bill, flipper and body measurements. A softmax " +
    "regression on synthetic data; proves nothing in the server is specific to churn.",
  task: "classification",
  input: { name: "x" },
  features: [
    {
      name: "bill_length_mm",
      type: "number",
      description: "Culmen (upper bill ridge) length in millimetres.",
      minimum: 30,
      maximum: 60,
      transform: { center: 44, scale: 5 },
    },
    {
      name: "bill_depth_mm",
      type: "number",
      description: "Culmen depth in millimetres.",
      minimum: 13,
      maximum: 22,
      transform: { center: 17, scale: 2 },
    },
    {
      name: "flipper_length_mm",
      type: "integer",
      description: "Flipper length in whole millimetres.",
      minimum: 170,
      maximum: 235,
      transform: { center: 200 },
    },
    {
      name: "body_mass_g",
      type: "integer",
      description: "Body mass in grams.",
      minimum: 2700,
      maximum: 6300,
      transform: { scale: 1000 },
    },
    {
      name: "island",
      type: "enum",
      description: "Island in the Palmer Archipelago where the bird was measured.",
      values: [...ISLANDS],
      encoding: "one_hot",
    },
    { name: "is_male", type: "boolean", description: "Whether the bird is male." },
  ],
  rules: [
    {
      kind: "compare",
      left: "bill_length_mm",
      op: ">",
      right: "bill_depth_mm",
      message: "bill_length_mm must be greater than bill_depth_mm",
    },
  ],
  outputs: { probabilities: "probs" },
  classes: [...SPECIES],
  example: {
    bill_length_mm: 46.5,
    bill_depth_mm: 14.8,
    flipper_length_mm: 217,
    body_mass_g: 5200,
    island: "biscoe",
    is_male: true,
  },
} satisfies Manifest;

export interface TestModelBuild {
  onnx: Uint8Array;
  manifest: Manifest;
  model: SoftmaxModel;
  /** Share of correctly classified rows in the last 20 % of the generated data. */
  holdoutAccuracy: number;
}

/**
 * @example
 * const { onnx, manifest } = makePenguinsModel();
 */
export function makePenguinsModel(): TestModelBuild {
  const manifest: Manifest = penguinsManifest;
  if (!Value.Check(ManifestSchema, manifest)) throw new Error("penguins manifest is invalid");
  const encoder = createManifestEncoder(manifest);
  const data = makePenguinData({ rows: 600, seed: 7 });
  const rows = data.map((d) => encoder.encode(d.penguin));
  const labels = data.map((d) => d.species);
  const cut = Math.floor(rows.length * 0.8);
  const model = trainSoftmaxRegression(rows.slice(0, cut), labels.slice(0, cut), SPECIES.length);
  const holdout = rows.slice(cut);
  const hits = holdout.filter((row, i) => {
    const p = predictSoftmax(model, row);
    return p.indexOf(Math.max(...p)) === labels[cut + i];
  }).length;

  const width = encoder.width;
  const classes = manifest.classes.length;
  const onnx = encodeModel({
    producerName: "ml-serving-make-test-model",
    producerVersion: "1.0",
    docString:
      `Penguin species (${manifest.classes.join(", ")}) by softmax regression. Input x float32 ` +
      `[batch, ${width}] encoded as penguins.manifest.json says; output probs float32 ` +
      `[batch, ${classes}]. No label output. Test fixture, synthetic data.`,
    opsets: { "": 17 },
    graph: {
      name: manifest.name,
      initializer: [
        floatTensor("W", [width, classes], model.weights.flat()),
        floatTensor("B", [classes], model.bias),
      ],
      node: [
        { name: "matmul", opType: "MatMul", input: ["x", "W"], output: ["xw"] },
        { name: "add", opType: "Add", input: ["xw", "B"], output: ["logits"] },
        {
          name: "softmax",
          opType: "Softmax",
          input: ["logits"],
          output: ["probs"],
          attribute: [attr.int("axis", 1)],
        },
      ],
      input: [tensorValueInfo("x", ElementType.FLOAT, ["batch", width])],
      output: [tensorValueInfo("probs", ElementType.FLOAT, ["batch", classes])],
    },
  });
  return { onnx, manifest, model, holdoutAccuracy: hits / holdout.length };
}

function main(): void {
  const build = makePenguinsModel();
  const dir = join(import.meta.dir, "..", "test", "fixtures", "models");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "penguins.onnx"), build.onnx);
  writeFileSync(
    join(dir, "penguins.manifest.json"),
    `${JSON.stringify(build.manifest, null, 2)}\n`,
  );
  console.log(
    JSON.stringify({
      holdout_accuracy: Number(build.holdoutAccuracy.toFixed(4)),
      bytes: build.onnx.length,
      wrote: ["test/fixtures/models/penguins.onnx", "test/fixtures/models/penguins.manifest.json"],
    }),
  );
}

if (import.meta.main) main();
