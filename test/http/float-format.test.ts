import { expect, test } from "bun:test";
import { float32Decimal } from "../../src/http/float-format.ts";

test.each([
  [Math.fround(0.79), 0.79],
  [Math.fround(0.39568), 0.39568],
  [Math.fround(1 / 3), 0.3333333],
  [Math.fround(1e-9), 1e-9],
  [1, 1],
  [0, 0],
])("%p prints as %p", (value, printed) => {
  expect(float32Decimal(value)).toBe(printed);
});

test("stays within float32 precision of the value", () => {
  for (let i = 0; i < 10_000; i += 1) {
    const value = Math.fround(Math.random() ** 3);
    expect(Math.abs(float32Decimal(value) - value)).toBeLessThanOrEqual(
      Math.abs(value) * 5e-7 + 1e-45,
    );
  }
});
