import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { encodedWidth, ManifestError, parseManifest } from "../../src/model/manifest.ts";

const churnText = readFileSync("models/churn.manifest.json", "utf8");
const churn = JSON.parse(churnText);
const withChanges = (change: (manifest: any) => void) => {
  const copy = structuredClone(churn);
  change(copy);
  return JSON.stringify(copy);
};

describe("parseManifest", () => {
  test("the embedded churn manifest is valid and encodes to 11 columns", () => {
    const manifest = parseManifest(churnText);
    expect(manifest.name).toBe("churn");
    expect(manifest.features).toHaveLength(8);
    expect(encodedWidth(manifest)).toBe(11);
  });

  test.each([
    ["not JSON", "{", "the manifest is not valid JSON"],
    ["a missing name", withChanges((m) => delete m.name), "/name"],
    ["an unknown top-level key", withChanges((m) => (m.extra = 1)), "/extra"],
    ["an unknown feature type", withChanges((m) => (m.features[0].type = "date")), "/features/0"],
    ["an enum without values", withChanges((m) => (m.features[6].values = [])), "/features/6"],
    ["a single class", withChanges((m) => (m.classes = ["only"])), "/classes"],
    [
      "duplicate feature names",
      withChanges((m) => (m.features[1].name = "tenure_months")),
      "/features/1/name: duplicate feature tenure_months",
    ],
    [
      "minimum above maximum",
      withChanges((m) => (m.features[0].minimum = 200)),
      "/features/0: minimum is greater than maximum",
    ],
    [
      "a rule over an unknown feature",
      withChanges((m) => (m.rules[0].right = "nope")),
      "/rules/0/right: no feature nope",
    ],
    [
      "a rule over an enum",
      withChanges((m) => (m.rules[0].right = "contract_type")),
      "/rules/0/right: contract_type is not numeric",
    ],
  ])("refuses %s and says where", (_, text, fragment) => {
    expect(() => parseManifest(text)).toThrow(ManifestError);
    expect(() => parseManifest(text)).toThrow(fragment);
  });
});
