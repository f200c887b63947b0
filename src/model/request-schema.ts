import { Type as T, type TObject, type TSchema } from "@sinclair/typebox";
import type { Feature, Manifest } from "./manifest-schema.ts";

/**
 * The largest float32. The model's input tensor is float32: a bigger number (a valid double,
 * such as 1e39) would reach the model as Infinity, so the schema refuses it even where the
 * manifest sets no bound.
 */
export const float32Max = 3.4028234663852886e38;

function featureSchema(feature: Feature): TSchema {
  const description = feature.description;
  switch (feature.type) {
    case "integer":
    case "number": {
      const bounds = {
        minimum: Math.max(feature.minimum ?? -float32Max, -float32Max),
        maximum: Math.min(feature.maximum ?? float32Max, float32Max),
        description,
      };
      return feature.type === "integer" ? T.Integer(bounds) : T.Number(bounds);
    }
    case "boolean":
      return T.Boolean({ description });
    case "enum":
      return T.Union(
        feature.values.map((value) => T.Literal(value)),
        { description: `${description ?? ""} One of: ${feature.values.join(", ")}.`.trim() },
      );
  }
}

function rulesText(manifest: Manifest): string {
  const rules = (manifest.rules ?? []).map((rule) => `${rule.left} ${rule.op} ${rule.right}`);
  return rules.length === 0 ? "" : ` Rules: ${rules.join("; ")}.`;
}

/**
 * The TypeBox schema of one prediction request, generated from the manifest: every feature
 * required, bounds and enums as declared, no unknown fields. The manifest's cross-field rules
 * are not expressible in JSON Schema; src/model/rules.ts checks them after this schema passes,
 * and the description lists them for the API docs.
 */
export function singleRequestSchema(manifest: Manifest): TObject {
  const properties = Object.fromEntries(
    manifest.features.map((feature) => [feature.name, featureSchema(feature)]),
  );
  return T.Object(properties, {
    additionalProperties: false,
    title: `${manifest.name} prediction request`,
    description: `One ${manifest.name} input.${rulesText(manifest)}`,
    examples: [manifest.example],
  });
}

/** `{"items": [...]}` with 1 … maxItems single requests. */
export function batchRequestSchema(manifest: Manifest, maxItems: number): TObject {
  return T.Object(
    {
      items: T.Array(singleRequestSchema(manifest), {
        minItems: 1,
        maxItems,
        description: `1 to ${maxItems} inputs, answered in order`,
      }),
    },
    {
      additionalProperties: false,
      title: `${manifest.name} batch prediction request`,
      examples: [{ items: [manifest.example] }],
    },
  );
}
