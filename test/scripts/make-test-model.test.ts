import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import * as ort from "onnxruntime-node";
import { createManifestEncoder } from "../../scripts/lib/manifest-encoder.ts";
import { predictSoftmax } from "../../scripts/lib/softmax-regression.ts";
import { makePenguinsModel } from "../../scripts/make-test-model.ts";
import { type Manifest, ManifestSchema } from "../../src/model/manifest-schema.ts";

const FIXTURES = join(import.meta.dir, "..", "fixtures", "models");
const bytes = new Uint8Array(readFileSync(join(FIXTURES, "penguins.onnx")));
const manifestText = readFileSync(join(FIXTURES, "penguins.manifest.json"), "utf8");
const manifest = JSON.parse(manifestText) as Manifest;

describe("the penguins test model", () => {
  test("manifest validates and differs from churn where it matters", () => {
    expect(Value.Check(ManifestSchema, manifest)).toBe(true);
    expect(manifest.name).toBe("penguins");
    expect(manifest.input.name).toBe("x");
    expect(manifest.outputs).toEqual({ probabilities: "probs" });
    expect(manifest.classes).toEqual(["adelie", "chinstrap", "gentoo"]);
    expect(createManifestEncoder(manifest).width).toBe(8);
  });

  test("loads in onnxruntime with only a probs output; the example's probabilities sum to 1", async () => {
    const session = await ort.InferenceSession.create(bytes);
    try {
      expect(session.inputNames).toEqual(["x"]);
      expect(session.outputNames).toEqual(["probs"]);
      const row = createManifestEncoder(manifest).encode(manifest.example);
      const x = new ort.Tensor("float32", Float32Array.from(row), [1, row.length]);
      const probs = (await session.run({ x })).probs;
      expect(probs?.dims).toEqual([1, 3]);
      const p = Array.from(probs?.data as Float32Array);
      expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      // A heavy Biscoe bird with long flippers and a shallow bill is a Gentoo.
      expect(p.indexOf(Math.max(...p))).toBe(2);
      expect(p[2]).toBeGreaterThan(0.9);
    } finally {
      await session.release();
    }
  });

  test("re-running the script reproduces the fixture byte for byte", () => {
    const build = makePenguinsModel();
    expect(Buffer.from(build.onnx).equals(Buffer.from(bytes))).toBe(true);
    expect(`${JSON.stringify(build.manifest, null, 2)}\n`).toBe(manifestText);
    expect(build.holdoutAccuracy).toBeGreaterThan(0.9);
  });

  test("onnxruntime computes the trained softmax regression", async () => {
    const build = makePenguinsModel();
    const encoder = createManifestEncoder(manifest);
    const rows = [
      manifest.example,
      { ...manifest.example, bill_depth_mm: 18.5, flipper_length_mm: 195, island: "dream" },
      { ...manifest.example, bill_length_mm: 38, bill_depth_mm: 18.5, flipper_length_mm: 188 },
    ].map((r) => encoder.encode(r));
    const session = await ort.InferenceSession.create(bytes);
    try {
      const x = new ort.Tensor("float32", Float32Array.from(rows.flat()), [rows.length, 8]);
      const probs = Array.from((await session.run({ x })).probs?.data as Float32Array);
      rows.forEach((row, i) => {
        const expected = predictSoftmax(build.model, row);
        expected.forEach((p, c) => {
          expect(probs[i * 3 + c]).toBeCloseTo(p, 5);
        });
      });
      // The three rows land on three different species.
      const winners = rows.map((_, i) => {
        const p = probs.slice(i * 3, i * 3 + 3);
        return p.indexOf(Math.max(...p));
      });
      expect(winners).toEqual([2, 1, 0]);
    } finally {
      await session.release();
    }
  });
});
