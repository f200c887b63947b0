import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { Value } from "@sinclair/typebox/value";
import { exampleIssues } from "../../src/model/example-issues.ts";
import { parseManifest } from "../../src/model/manifest.ts";
import { batchRequestSchema, singleRequestSchema } from "../../src/model/request-schema.ts";
import { ruleIssues } from "../../src/model/rules.ts";

const manifest = parseManifest(readFileSync("models/churn.manifest.json", "utf8"));
const single = singleRequestSchema(manifest);
const example = manifest.example;

describe("schemas generated from the manifest", () => {
  test("reproduce the SPEC's request schema for churn", () => {
    expect(single.required).toEqual(manifest.features.map((f) => f.name));
    expect(single.additionalProperties).toBe(false);
    expect(single.properties.tenure_months).toMatchObject({
      type: "integer",
      minimum: 0,
      maximum: 120,
    });
    expect(single.properties.monthly_charges).toMatchObject({
      type: "number",
      minimum: 0,
      maximum: 500,
    });
    expect(single.properties.total_charges).toMatchObject({ type: "number", minimum: 0 });
    expect(single.properties.num_products).toMatchObject({
      type: "integer",
      minimum: 1,
      maximum: 10,
    });
    expect(single.properties.has_phone_service).toMatchObject({ type: "boolean" });
    expect(single.properties.contract_type?.anyOf?.map((s: { const: string }) => s.const)).toEqual([
      "month-to-month",
      "one-year",
      "two-year",
    ]);
    expect(single.properties.payment_method?.anyOf?.map((s: { const: string }) => s.const)).toEqual(
      ["electronic", "mailed", "bank", "credit"],
    );
    expect(single.examples).toEqual([example]);
    expect(single.description).toContain("total_charges >= monthly_charges");
  });

  test("accept the example and refuse what the manifest forbids", () => {
    expect(Value.Check(single, example)).toBe(true);
    expect(Value.Check(single, { ...example, tenure_months: 121 })).toBe(false);
    expect(Value.Check(single, { ...example, tenure_months: 1.5 })).toBe(false);
    expect(Value.Check(single, { ...example, payment_method: "cash" })).toBe(false);
    expect(Value.Check(single, { ...example, unknown: 1 })).toBe(false);
    expect(Value.Check(single, { ...example, monthly_charges: Number.POSITIVE_INFINITY })).toBe(
      false,
    );
    expect(Value.Check(single, { ...example, monthly_charges: Number.NaN })).toBe(false);
  });

  test("the batch schema bounds the number of items", () => {
    const batch = batchRequestSchema(manifest, 3);
    expect(Value.Check(batch, { items: [example] })).toBe(true);
    expect(Value.Check(batch, { items: [] })).toBe(false);
    expect(Value.Check(batch, { items: [example, example, example, example] })).toBe(false);
    expect(Value.Check(batch, { items: [example], extra: 1 })).toBe(false);
  });

  test("the cross-field rule is checked beside the schema", () => {
    const rules = manifest.rules ?? [];
    expect(ruleIssues(example, rules)).toEqual([]);
    expect(ruleIssues({ ...example, total_charges: 10, monthly_charges: 10 }, rules)).toEqual([]);
    expect(
      ruleIssues({ ...example, total_charges: 9.99, monthly_charges: 10 }, rules, "/items/4"),
    ).toEqual([
      {
        path: "/items/4/total_charges",
        message: "total_charges must be greater than or equal to monthly_charges",
      },
    ]);
  });

  test("a manifest whose example breaks its own schema or rules is caught", () => {
    expect(exampleIssues(manifest)).toEqual([]);
    expect(exampleIssues({ ...manifest, example: { ...example, num_products: 0 } })).toEqual([
      { path: "/num_products", message: "must be ≥ 1" },
    ]);
    expect(exampleIssues({ ...manifest, example: { ...example, total_charges: 1 } })[0]?.path).toBe(
      "/total_charges",
    );
  });
});
