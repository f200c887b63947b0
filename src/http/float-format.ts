/**
 * A float32 as a decimal with the 7 significant digits a float32 carries: onnxruntime's
 * probabilities are float32, and printed as doubles they would show noise digits
 * (0.7900000214576721). One toPrecision call (this runs for every probability of every answer);
 * the result is within 5e-7, relatively, of the float32 (so within 5e-7 for a probability).
 *
 * @example
 * float32Decimal(Math.fround(0.79)) // 0.79
 */
export function float32Decimal(value: number): number {
  return Number(value.toPrecision(7));
}
