import { columnCount, encodedWidth } from "./manifest.ts";
import type { Feature, Manifest } from "./manifest-schema.ts";

type ColumnWriter = (value: unknown, out: Float32Array, at: number) => void;

function columnWriter(feature: Feature): ColumnWriter {
  switch (feature.type) {
    case "integer":
    case "number": {
      const center = feature.transform?.center ?? 0;
      const scale = feature.transform?.scale ?? 1;
      return (value, out, at) => {
        out[at] = ((value as number) - center) / scale;
      };
    }
    case "boolean":
      return (value, out, at) => {
        out[at] = value === true ? 1 : 0;
      };
    case "enum": {
      const index = new Map(feature.values.map((value, position) => [value, position]));
      if (feature.encoding === "ordinal") {
        return (value, out, at) => {
          out[at] = index.get(value as string) ?? Number.NaN;
        };
      }
      const width = feature.values.length;
      return (value, out, at) => {
        out.fill(0, at, at + width);
        out[at + (index.get(value as string) ?? 0)] = 1;
      };
    }
  }
}

export interface Encoder {
  /** Columns per row of the model's input tensor. */
  readonly width: number;
  /** Writes one validated input as row `row` of `out` (row-major, `width` columns). */
  encodeInto(input: Record<string, unknown>, out: Float32Array, row: number): void;
  /** Encodes validated inputs into a new [inputs.length, width] row-major buffer. */
  encode(inputs: readonly Record<string, unknown>[]): Float32Array;
}

/**
 * Turns validated inputs into the model's float tensor, as the manifest says: columns in feature
 * order; numbers as `(value - center) / scale`; booleans as 1/0; enums as an ordinal index or
 * one-hot columns.
 *
 * @example
 * const encoder = createEncoder(manifest);
 * const tensor = encoder.encode([manifest.example]); // Float32Array of encoder.width values
 */
export function createEncoder(manifest: Manifest): Encoder {
  const width = encodedWidth(manifest);
  let offset = 0;
  const columns = manifest.features.map((feature) => {
    const column = { name: feature.name, offset, write: columnWriter(feature) };
    offset += columnCount(feature);
    return column;
  });
  const encodeInto = (input: Record<string, unknown>, out: Float32Array, row: number) => {
    const base = row * width;
    for (const column of columns) column.write(input[column.name], out, base + column.offset);
  };
  return {
    width,
    encodeInto,
    encode(inputs) {
      const out = new Float32Array(inputs.length * width);
      inputs.forEach((input, row) => {
        encodeInto(input, out, row);
      });
      return out;
    },
  };
}
