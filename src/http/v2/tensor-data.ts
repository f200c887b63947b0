import { InferenceRequestError } from "./inference-request-error.ts";

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function readNumber(value: unknown, where: string, label: string): number {
  if (typeof value !== "number") {
    throw new InferenceRequestError(
      `${label}: ${where} is ${kindOf(value)}; FP32 data must be JSON numbers`,
    );
  }
  const single = Math.fround(value);
  if (!Number.isFinite(single))
    throw new InferenceRequestError(`${label}: ${where} is outside the FP32 range`);
  return single;
}

/**
 * The data of an FP32 tensor of shape [rows, width], as the Open Inference Protocol allows it:
 * flat (rows × width numbers, row-major) or nested by row (rows arrays of width numbers).
 * Every value is rounded to float32, as the model will see it. Throws a 400 whose message
 * starts with `label` and says where the data does not fit.
 *
 * @example
 * readMatrixData([1, 2, 3, 4], 2, 2, 'input "x"')     // Float32Array [1, 2, 3, 4]
 * readMatrixData([[1, 2], [3, 4]], 2, 2, 'input "x"') // the same
 */
export function readMatrixData(
  data: readonly unknown[],
  rows: number,
  width: number,
  label: string,
): Float32Array {
  const out = new Float32Array(rows * width);
  if (Array.isArray(data[0])) {
    if (data.length !== rows) {
      throw new InferenceRequestError(
        `${label}: data has ${count(data.length, "row")}; the shape says ${rows}`,
      );
    }
    data.forEach((row, index) => {
      if (!Array.isArray(row)) {
        throw new InferenceRequestError(
          `${label}: data[${index}] is ${kindOf(row)}; nested data must be ${rows} arrays of ${width} numbers`,
        );
      }
      if (row.length !== width) {
        throw new InferenceRequestError(
          `${label}: data[${index}] has ${count(row.length, "value")}; the shape says ${width}`,
        );
      }
      for (let column = 0; column < width; column += 1) {
        out[index * width + column] = readNumber(row[column], `data[${index}][${column}]`, label);
      }
    });
    return out;
  }
  if (data.length !== rows * width) {
    throw new InferenceRequestError(
      `${label}: data has ${count(data.length, "value")}; the shape [${rows}, ${width}] needs ${rows * width}`,
    );
  }
  data.forEach((value, index) => {
    out[index] = readNumber(value, `data[${index}]`, label);
  });
  return out;
}
