import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Value } from "@sinclair/typebox/value";
import { fieldIssues, maxIssues, maxPathLength } from "../../src/model/field-issues.ts";
import { parseManifest } from "../../src/model/manifest.ts";
import {
  batchRequestSchema,
  float32Max,
  singleRequestSchema,
} from "../../src/model/request-schema.ts";

const manifest = parseManifest(
  readFileSync(join(import.meta.dir, "../../models/churn.manifest.json"), "utf8"),
);
const single = singleRequestSchema(manifest);
const issuesOf = (value: unknown, schema = single) => fieldIssues(Value.Errors(schema, value));

test("an unbounded number is bounded by float32, the model's input type", () => {
  expect(issuesOf({ ...manifest.example, total_charges: 1e39 })).toEqual([
    { path: "/total_charges", message: `must be ≤ ${float32Max}` },
  ]);
  expect(issuesOf({ ...manifest.example, total_charges: float32Max })).toEqual([]);
  expect(Math.fround(float32Max)).toBe(float32Max);
  expect(Math.fround(float32Max * 1.0000001)).toBe(Number.POSITIVE_INFINITY);
});

test("declared bounds stay as the manifest says", () => {
  expect(single.properties.tenure_months).toMatchObject({ minimum: 0, maximum: 120 });
  expect(single.properties.total_charges).toMatchObject({ minimum: 0, maximum: float32Max });
});

test("a long unknown key is not echoed: the issue moves to its parent", () => {
  const key = "k".repeat(maxPathLength + 10);
  const issues = issuesOf({ ...manifest.example, [key]: 1 });
  expect(issues).toEqual([{ path: "/", message: "has a field whose name is too long to show" }]);
  expect(JSON.stringify(issues)).not.toContain(key);
});

test("a long unknown key in a batch item moves to the item", () => {
  const key = "k".repeat(maxPathLength + 10);
  const batch = batchRequestSchema(manifest, 10);
  const issues = issuesOf({ items: [manifest.example, { ...manifest.example, [key]: 1 }] }, batch);
  expect(issues).toEqual([
    { path: "/items/1", message: "has a field whose name is too long to show" },
  ]);
});

test("a short unknown key is named, so a typo can be found", () => {
  expect(issuesOf({ ...manifest.example, tenure_month: 1 })).toEqual([
    { path: "/tenure_month", message: "is not a known field" },
  ]);
});

test("a hostile batch cannot make the answer huge", () => {
  const batch = batchRequestSchema(manifest, 100_000);
  const issues = issuesOf({ items: Array.from({ length: 5000 }, () => ({})) }, batch);
  expect(issues).toHaveLength(maxIssues);
});
