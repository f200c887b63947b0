import { onnx } from "onnx-proto";

/**
 * Small builders over the compiled ONNX protobuf (`onnx-proto`), so the export scripts read like
 * the graph they build. Everything here is deterministic: the same arguments encode to the same
 * bytes (protobufjs writes fields in field-number order and nothing here reads a clock).
 */

const { AttributeType } = onnx.AttributeProto;
const { DataType } = onnx.TensorProto;

export const ElementType = { FLOAT: DataType.FLOAT, INT64: DataType.INT64 } as const;
export type ElementType = (typeof ElementType)[keyof typeof ElementType];

/** A dimension: a fixed size, or a symbolic name such as `"batch"`. */
export type Dim = number | string;

const utf8 = new TextEncoder();

/**
 * A graph input or output: a tensor of `elemType` with the given shape.
 *
 * @example
 * tensorValueInfo("features", ElementType.FLOAT, ["batch", 11]);
 */
export function tensorValueInfo(
  name: string,
  elemType: ElementType,
  dims: readonly Dim[],
  docString?: string,
): onnx.IValueInfoProto {
  return {
    name,
    ...(docString === undefined ? {} : { docString }),
    type: {
      tensorType: {
        elemType,
        shape: {
          dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })),
        },
      },
    },
  };
}

/** A float32 initializer (constant tensor) with a name the graph's nodes can refer to. */
export function floatTensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): onnx.ITensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== values.length) {
    throw new RangeError(`tensor ${name}: shape holds ${size} values, got ${values.length}`);
  }
  return { name, dims: [...dims], dataType: DataType.FLOAT, floatData: [...values] };
}

/** Node attributes, one builder per attribute type. */
export const attr = {
  int: (name: string, i: number): onnx.IAttributeProto => ({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: readonly number[]): onnx.IAttributeProto => ({
    name,
    type: AttributeType.INTS,
    ints: [...ints],
  }),
  floats: (name: string, floats: readonly number[]): onnx.IAttributeProto => ({
    name,
    type: AttributeType.FLOATS,
    floats: [...floats],
  }),
  string: (name: string, s: string): onnx.IAttributeProto => ({
    name,
    type: AttributeType.STRING,
    s: utf8.encode(s),
  }),
  strings: (name: string, strings: readonly string[]): onnx.IAttributeProto => ({
    name,
    type: AttributeType.STRINGS,
    strings: strings.map((s) => utf8.encode(s)),
  }),
};

export interface ModelOptions {
  graph: onnx.IGraphProto;
  /** Operator sets by domain, e.g. `{ "": 17, "ai.onnx.ml": 3 }`. */
  opsets: Record<string, number>;
  producerName: string;
  producerVersion: string;
  docString: string;
  /** Free-form key/value facts stored in the model (`metadata_props`). */
  metadata?: Record<string, string>;
  /** @default 8 */
  irVersion?: number;
}

/**
 * Wraps a graph into a model and serializes it. No timestamps or random ids: the output is a
 * pure function of the arguments, so re-running an export reproduces the file byte for byte.
 *
 * @example
 * const bytes = encodeModel({ graph, opsets: { "": 17 }, producerName: "x", producerVersion: "1", docString: "" });
 */
export function encodeModel(options: ModelOptions): Uint8Array {
  const {
    graph,
    opsets,
    producerName,
    producerVersion,
    docString,
    metadata = {},
    irVersion = 8,
  } = options;
  const model = onnx.ModelProto.create({
    irVersion,
    opsetImport: Object.entries(opsets).map(([domain, version]) => ({ domain, version })),
    producerName,
    producerVersion,
    docString,
    graph,
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  });
  const error = onnx.ModelProto.verify(model);
  if (error) throw new Error(`invalid ONNX model: ${error}`);
  return onnx.ModelProto.encode(model).finish();
}
