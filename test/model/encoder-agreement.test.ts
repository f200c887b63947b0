// The training scripts encode with their own encoder (scripts/lib/manifest-encoder.ts, in
// float64, with column names for the model card); the server encodes with src/model/encoder.ts
// (float32). They must agree, or the served model would see other inputs than it was trained on.
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { createManifestEncoder } from "../../scripts/lib/manifest-encoder.ts";
import { createEncoder } from "../../src/model/encoder.ts";
import { parseManifest } from "../../src/model/manifest.ts";
import type { Feature } from "../../src/model/manifest-schema.ts";

const arbitraryValue = (feature: Feature): fc.Arbitrary<unknown> => {
  switch (feature.type) {
    case "integer":
      return fc.integer({ min: feature.minimum ?? -1e6, max: feature.maximum ?? 1e6 });
    case "number":
      return fc.double({ min: feature.minimum ?? -1e6, max: feature.maximum ?? 1e6, noNaN: true });
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...feature.values);
  }
};

for (const path of ["models/churn.manifest.json", "test/fixtures/models/penguins.manifest.json"]) {
  test(`the server's encoder agrees with the training encoder for ${path}`, () => {
    const manifest = parseManifest(readFileSync(path, "utf8"));
    const server = createEncoder(manifest);
    const training = createManifestEncoder(manifest);
    expect(server.width).toBe(training.width);
    const input = fc.record(
      Object.fromEntries(manifest.features.map((f) => [f.name, arbitraryValue(f)])),
    );
    fc.assert(
      fc.property(input, (record) => {
        const served = Array.from(server.encode([record]));
        const trained = training.encode(record).map(Math.fround);
        expect(served).toEqual(trained);
      }),
      { numRuns: 2000 },
    );
  });
}
