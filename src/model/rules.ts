import type { FieldIssue } from "../errors.ts";
import type { Rule } from "./manifest-schema.ts";

const compare: Record<Rule["op"], (left: number, right: number) => boolean> = {
  ">=": (left, right) => left >= right,
  ">": (left, right) => left > right,
  "<=": (left, right) => left <= right,
  "<": (left, right) => left < right,
};

/**
 * The manifest's cross-field rules for one input that already passed the schema (so both sides
 * are numbers). Each broken rule is reported at its left field, under `pathPrefix`.
 *
 * @example
 * ruleIssues({ total_charges: 1, monthly_charges: 2 }, rules, "/items/0")
 * // [{ path: "/items/0/total_charges", message: "total_charges must be ≥ monthly_charges" }]
 */
export function ruleIssues(
  input: Record<string, unknown>,
  rules: readonly Rule[],
  pathPrefix = "",
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const rule of rules) {
    const left = input[rule.left] as number;
    const right = input[rule.right] as number;
    if (!compare[rule.op](left, right)) {
      issues.push({
        path: `${pathPrefix}/${rule.left}`,
        message: rule.message ?? `${rule.left} must be ${rule.op} ${rule.right}`,
      });
    }
  }
  return issues;
}
