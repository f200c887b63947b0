import { Value } from "@sinclair/typebox/value";
import type { FieldIssue } from "../errors.ts";
import { fieldIssues } from "./field-issues.ts";
import type { Manifest } from "./manifest-schema.ts";
import { singleRequestSchema } from "./request-schema.ts";
import { ruleIssues } from "./rules.ts";

/** Whether the manifest's example is a valid request under the schema generated from it. */
export function exampleIssues(manifest: Manifest): FieldIssue[] {
  const schema = singleRequestSchema(manifest);
  const issues = fieldIssues(Value.Errors(schema, manifest.example));
  if (issues.length > 0) return issues;
  return ruleIssues(manifest.example, manifest.rules ?? []);
}
