import type { Feature, Manifest } from "./manifest-schema.ts";

/** One column of the model's input tensor, described for people (API docs, error messages). */
export interface TensorColumn {
  index: number;
  feature: string;
  /** What the column holds, e.g. "integer 0…120" or "1 if payment_method is bank, else 0". */
  meaning: string;
}

function bounds(feature: Extract<Feature, { type: "integer" | "number" }>): string {
  const { minimum, maximum } = feature;
  if (minimum !== undefined && maximum !== undefined) return ` ${minimum}…${maximum}`;
  if (minimum !== undefined) return ` ≥ ${minimum}`;
  if (maximum !== undefined) return ` ≤ ${maximum}`;
  return "";
}

function meanings(feature: Feature): string[] {
  switch (feature.type) {
    case "integer":
    case "number": {
      const center = feature.transform?.center ?? 0;
      const scale = feature.transform?.scale ?? 1;
      const plain = `${feature.type}${bounds(feature)}`;
      return [center === 0 && scale === 1 ? plain : `(${plain} − ${center}) / ${scale}`];
    }
    case "boolean":
      return ["1 (true) or 0 (false)"];
    case "enum":
      return feature.encoding === "ordinal"
        ? [feature.values.map((value, index) => `${index} = ${value}`).join(", ")]
        : feature.values.map((value) => `1 if ${feature.name} is ${value}, else 0`);
  }
}

/**
 * The columns of the model's input tensor in order, as the encoder writes them.
 *
 * @example
 * tensorColumns(churnManifest)[0] // { index: 0, feature: "tenure_months", meaning: "integer 0…120" }
 */
export function tensorColumns(manifest: Manifest): TensorColumn[] {
  return manifest.features
    .flatMap((feature) => meanings(feature).map((meaning) => ({ feature: feature.name, meaning })))
    .map((column, index) => ({ index, ...column }));
}
