import type { Feature, Manifest } from "../../src/model/manifest-schema.ts";

/**
 * Turns a request object into the model's input row, following the manifest: features in
 * order; numbers as `(value - center) / scale`; booleans as 1/0; enums as their index
 * (`ordinal`) or one 0/1 column per value (`one_hot`). The scripts train on exactly this, so
 * the model and the server's own encoder (src/model) agree by construction.
 */
export interface ManifestEncoder {
  /** Number of columns in the encoded row. */
  width: number;
  /** A name per column: the feature's name, or `name=value` for one-hot columns. */
  columns: string[];
  encode(record: Readonly<Record<string, unknown>>): number[];
}

function columnsOf(feature: Feature): string[] {
  if (feature.type === "enum" && feature.encoding === "one_hot") {
    return feature.values.map((value) => `${feature.name}=${value}`);
  }
  return [feature.name];
}

function encodeFeature(feature: Feature, value: unknown): number[] {
  switch (feature.type) {
    case "integer":
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new TypeError(`${feature.name}: expected a finite number, got ${String(value)}`);
      }
      const center = feature.transform?.center ?? 0;
      const scale = feature.transform?.scale ?? 1;
      return [(value - center) / scale];
    }
    case "boolean":
      if (typeof value !== "boolean") {
        throw new TypeError(`${feature.name}: expected a boolean, got ${String(value)}`);
      }
      return [value ? 1 : 0];
    case "enum": {
      const index = typeof value === "string" ? feature.values.indexOf(value) : -1;
      if (index < 0) throw new TypeError(`${feature.name}: unknown value ${String(value)}`);
      return feature.encoding === "ordinal"
        ? [index]
        : feature.values.map((_, i) => (i === index ? 1 : 0));
    }
  }
}

/**
 * @example
 * const encoder = createManifestEncoder(manifest);
 * encoder.encode(manifest.example); // [24, 65.5, 1572, 3, 1, 1, 0, 1, 0, 0, 0] for churn
 */
export function createManifestEncoder(manifest: Pick<Manifest, "features">): ManifestEncoder {
  const columns = manifest.features.flatMap(columnsOf);
  return {
    width: columns.length,
    columns,
    encode: (record) => manifest.features.flatMap((f) => encodeFeature(f, record[f.name])),
  };
}
