import { type Static, Type as T } from "@sinclair/typebox";

/**
 * The model manifest: a JSON file beside the ONNX file (`churn.onnx` → `churn.manifest.json`).
 * It is the single source of truth for the request schema, the encoding of a request into the
 * model's float tensor, the outputs and the class labels. See docs/model-manifest.md.
 */

const Name = T.String({ pattern: "^[a-z][a-z0-9_]{0,63}$", description: "snake_case identifier" });

const Description = T.Optional(T.String({ maxLength: 500 }));

/** `(value - center) / scale` goes into the tensor; the defaults leave the value as it is. */
const NumericTransform = T.Object(
  {
    center: T.Optional(T.Number({ default: 0 })),
    scale: T.Optional(T.Number({ exclusiveMinimum: 0, default: 1 })),
  },
  { additionalProperties: false },
);

const NumericFeature = T.Object(
  {
    name: Name,
    type: T.Union([T.Literal("integer"), T.Literal("number")]),
    description: Description,
    minimum: T.Optional(T.Number()),
    maximum: T.Optional(T.Number()),
    transform: T.Optional(NumericTransform),
  },
  { additionalProperties: false },
);

/** `true` becomes 1, `false` becomes 0. */
const BooleanFeature = T.Object(
  { name: Name, type: T.Literal("boolean"), description: Description },
  { additionalProperties: false },
);

/**
 * `ordinal`: one column holding the index of the value in `values`.
 * `one_hot`: one column per value, 1 for the given value and 0 for the others.
 */
const EnumFeature = T.Object(
  {
    name: Name,
    type: T.Literal("enum"),
    description: Description,
    values: T.Array(T.String({ minLength: 1, maxLength: 100 }), { minItems: 1, uniqueItems: true }),
    encoding: T.Union([T.Literal("ordinal"), T.Literal("one_hot")]),
  },
  { additionalProperties: false },
);

export const FeatureSchema = T.Union([NumericFeature, BooleanFeature, EnumFeature]);

/** A cross-field rule: `left op right`, both numeric features, checked after the schema. */
export const RuleSchema = T.Object(
  {
    kind: T.Literal("compare"),
    left: Name,
    op: T.Union([T.Literal(">="), T.Literal(">"), T.Literal("<="), T.Literal("<")]),
    right: Name,
    message: T.Optional(T.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const ManifestSchema = T.Object(
  {
    $schema: T.Optional(T.String()),
    name: Name,
    /** Defaults to the first 12 hex digits of the ONNX file's SHA-256. */
    version: T.Optional(T.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$" })),
    description: Description,
    task: T.Literal("classification"),
    /** The model's single float32 input tensor, shaped [batch, encoded width]. */
    input: T.Object({ name: T.String({ minLength: 1 }) }, { additionalProperties: false }),
    features: T.Array(FeatureSchema, { minItems: 1, maxItems: 1000 }),
    rules: T.Optional(T.Array(RuleSchema)),
    /** Names of the model's output tensors: probabilities [batch, classes], optional label [batch]. */
    outputs: T.Object(
      { probabilities: T.String({ minLength: 1 }), label: T.Optional(T.String({ minLength: 1 })) },
      { additionalProperties: false },
    ),
    /** Class labels, in the order of the probability columns. */
    classes: T.Array(T.String({ pattern: "^[A-Za-z0-9_.-]{1,64}$" }), {
      minItems: 2,
      uniqueItems: true,
    }),
    /** A valid request, used in the API docs, the warm-up and `ml-serving check-model`. */
    example: T.Record(T.String(), T.Unknown()),
  },
  { additionalProperties: false },
);

export type Manifest = Static<typeof ManifestSchema>;
export type Feature = Static<typeof FeatureSchema>;
export type Rule = Static<typeof RuleSchema>;
