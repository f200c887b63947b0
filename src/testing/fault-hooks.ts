import { faultHooksBuiltIn } from "../build-flags.ts";

export { faultHooksBuiltIn };

/** Whether to inject faults in this run: built in and asked for with ML_SERVING_TEST_FAULTS=1. */
export function faultHooksEnabled(env: Record<string, string | undefined>): boolean {
  return faultHooksBuiltIn && env.ML_SERVING_TEST_FAULTS === "1";
}
