/**
 * The shortest decimal that reads back as the same float32: onnxruntime's probabilities are
 * float32, and printing them as doubles would show noise digits (0.7900000214576721).
 *
 * @example
 * shortestFloat32(Math.fround(0.79)) // 0.79
 */
export function shortestFloat32(value: number): number {
  for (let digits = 6; digits < 9; digits += 1) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return Number(value.toPrecision(9));
}
