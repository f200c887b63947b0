import type { TSchema } from "@sinclair/typebox";
import { type ValueError, ValueErrorType } from "@sinclair/typebox/errors";
import type { FieldIssue } from "../errors.ts";

/** Enough for any honest mistake; a hostile body cannot make the answer huge. */
export const maxIssues = 100;

/**
 * A path names the client's own keys where a field is unknown; past this length it is cut back
 * to its parent, so the answer does not echo a long key.
 */
export const maxPathLength = 128;

function shownPath(path: string): string {
  let shown = path;
  while (shown.length > maxPathLength) shown = shown.slice(0, shown.lastIndexOf("/"));
  return shown || "/";
}

function literalChoices(schema: TSchema): string[] | undefined {
  const variants = (schema as { anyOf?: TSchema[] }).anyOf;
  if (!variants?.every((variant) => "const" in variant)) return undefined;
  return variants.map((variant) => String(variant.const));
}

/** A message that names the rule, never the value that broke it. */
function describe(error: ValueError): string {
  const { schema } = error;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return "is required";
    case ValueErrorType.ObjectAdditionalProperties:
      return "is not a known field";
    case ValueErrorType.Integer:
      return "must be an integer";
    case ValueErrorType.Number:
      return "must be a finite number";
    case ValueErrorType.Boolean:
      return "must be true or false";
    case ValueErrorType.Object:
      return "must be an object";
    case ValueErrorType.Array:
      return "must be an array";
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `must be ≥ ${schema.minimum}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `must be ≤ ${schema.maximum}`;
    case ValueErrorType.ArrayMinItems:
      return `must have at least ${schema.minItems} item${schema.minItems === 1 ? "" : "s"}`;
    case ValueErrorType.ArrayMaxItems:
      return `must have at most ${schema.maxItems} items`;
    case ValueErrorType.Union: {
      const choices = literalChoices(schema);
      return choices ? `must be one of: ${choices.join(", ")}` : error.message;
    }
    default:
      return error.message;
  }
}

/**
 * Turns schema errors into field issues: one per offending field (the first problem found
 * there), at most `maxIssues`, each a JSON pointer and a message without the offending value;
 * a pointer longer than `maxPathLength` is cut back to its parent.
 */
export function fieldIssues(errors: Iterable<ValueError>): FieldIssue[] {
  const issues = new Map<string, FieldIssue>();
  for (const error of errors) {
    const path = shownPath(error.path || "/");
    const message =
      path === (error.path || "/") ? describe(error) : "has a field whose name is too long to show";
    if (!issues.has(path)) issues.set(path, { path, message });
    if (issues.size >= maxIssues) break;
  }
  return [...issues.values()];
}
