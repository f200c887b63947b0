import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { createEncoder } from "../../src/model/encoder.ts";
import { parseManifest } from "../../src/model/manifest.ts";
import type { Manifest } from "../../src/model/manifest-schema.ts";

const churn = parseManifest(readFileSync("models/churn.manifest.json", "utf8"));

describe("createEncoder", () => {
  test("encodes churn inputs column by column as the manifest says", () => {
    const encoder = createEncoder(churn);
    expect(encoder.width).toBe(11);
    const rows = encoder.encode([
      churn.example,
      {
        ...churn.example,
        tenure_months: 0,
        has_internet: false,
        contract_type: "two-year",
        payment_method: "credit",
      },
    ]);
    expect(Array.from(rows.subarray(0, 11))).toEqual([24, 65.5, 1572, 3, 1, 1, 0, 1, 0, 0, 0]);
    expect(Array.from(rows.subarray(11, 22))).toEqual([0, 65.5, 1572, 3, 1, 0, 2, 0, 0, 0, 1]);
  });

  test("applies center and scale, ordinal and one-hot encodings for any manifest", () => {
    const manifest: Manifest = {
      name: "toy",
      task: "classification",
      input: { name: "x" },
      features: [
        { name: "size", type: "number", transform: { center: 10, scale: 4 } },
        { name: "count", type: "integer" },
        { name: "grade", type: "enum", values: ["low", "mid", "high"], encoding: "ordinal" },
        { name: "flag", type: "boolean" },
        { name: "colour", type: "enum", values: ["red", "green"], encoding: "one_hot" },
      ],
      outputs: { probabilities: "p" },
      classes: ["a", "b"],
      example: { size: 12, count: 3, grade: "high", flag: false, colour: "green" },
    };
    const encoder = createEncoder(manifest);
    expect(encoder.width).toBe(6);
    expect(Array.from(encoder.encode([manifest.example]))).toEqual([0.5, 3, 2, 0, 0, 1]);
  });

  test("encodeInto writes one row in place and leaves the others", () => {
    const encoder = createEncoder(churn);
    const out = new Float32Array(33).fill(-1);
    encoder.encodeInto(churn.example, out, 1);
    expect(out[10]).toBe(-1);
    expect(out[11]).toBe(24);
    expect(out[22]).toBe(-1);
  });
});
