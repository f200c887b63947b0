import { describe, expect, test } from "bun:test";
import { InferenceRequestError } from "../../../src/http/v2/inference-request-error.ts";
import { readMatrixData } from "../../../src/http/v2/tensor-data.ts";

const label = 'Input "x"';

describe("reading FP32 [rows, width] data", () => {
  const accepted: [
    name: string,
    data: unknown[],
    rows: number,
    width: number,
    expected: number[],
  ][] = [
    ["flat, one row", [1, 2, 3], 1, 3, [1, 2, 3]],
    ["flat, two rows", [1, 2, 3, 4], 2, 2, [1, 2, 3, 4]],
    ["nested, one row", [[1, 2, 3]], 1, 3, [1, 2, 3]],
    [
      "nested, two rows",
      [
        [1, 2],
        [3, 4],
      ],
      2,
      2,
      [1, 2, 3, 4],
    ],
    ["rounded to float32", [0.1], 1, 1, [Math.fround(0.1)]],
    ["negative zero and large FP32 values", [-0, 3e38], 1, 2, [-0, Math.fround(3e38)]],
  ];
  for (const [name, data, rows, width, expected] of accepted) {
    test(`accepts ${name}`, () => {
      expect(Array.from(readMatrixData(data, rows, width, label))).toEqual(expected);
    });
  }

  const refused: [name: string, data: unknown[], rows: number, width: number, message: string][] = [
    [
      "flat data too short",
      [1, 2, 3],
      2,
      2,
      'Input "x": data has 3 values; the shape [2, 2] needs 4',
    ],
    [
      "flat data too long",
      [1, 2, 3, 4, 5],
      2,
      2,
      'Input "x": data has 5 values; the shape [2, 2] needs 4',
    ],
    ["empty data", [], 1, 2, 'Input "x": data has 0 values; the shape [1, 2] needs 2'],
    ["a string", [1, "2"], 1, 2, 'Input "x": data[1] is a string; FP32 data must be JSON numbers'],
    [
      "a boolean",
      [true, 0],
      1,
      2,
      'Input "x": data[0] is a boolean; FP32 data must be JSON numbers',
    ],
    ["null", [1, null], 1, 2, 'Input "x": data[1] is null; FP32 data must be JSON numbers'],
    ["a value beyond FP32", [1, 1e39], 1, 2, 'Input "x": data[1] is outside the FP32 range'],
    ["too few nested rows", [[1, 2]], 2, 2, 'Input "x": data has 1 row; the shape says 2'],
    ["a short nested row", [[1, 2], [3]], 2, 2, 'Input "x": data[1] has 1 value; the shape says 2'],
    [
      "a number among rows",
      [[1, 2], 3],
      2,
      2,
      'Input "x": data[1] is a number; nested data must be 2 arrays of 2 numbers',
    ],
    [
      "nested too deep",
      [[[1], 2]],
      1,
      2,
      'Input "x": data[0][0] is an array; FP32 data must be JSON numbers',
    ],
    [
      "a string in a nested row",
      [[1, "x"]],
      1,
      2,
      'Input "x": data[0][1] is a string; FP32 data must be JSON numbers',
    ],
  ];
  for (const [name, data, rows, width, message] of refused) {
    test(`refuses ${name} with a 400 that says where`, () => {
      let caught: unknown;
      try {
        readMatrixData(data, rows, width, label);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(InferenceRequestError);
      expect((caught as InferenceRequestError).status).toBe(400);
      expect((caught as Error).message).toBe(message);
    });
  }
});
