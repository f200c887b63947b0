import { Value } from "@sinclair/typebox/value";
import type { FieldIssue } from "../errors.ts";
import { type Feature, type Manifest, ManifestSchema } from "./manifest-schema.ts";

/** The manifest is unusable: the message says why, for the person preparing the model. */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(issues.length === 0 ? message : `${message}:\n${formatIssues(issues)}`);
  }
}

function formatIssues(issues: FieldIssue[]): string {
  return issues.map((issue) => `  ${issue.path || "/"}: ${issue.message}`).join("\n");
}

/** How many tensor columns a feature takes. */
export function columnCount(feature: Feature): number {
  return feature.type === "enum" && feature.encoding === "one_hot" ? feature.values.length : 1;
}

/** The width of the model's input tensor that this manifest describes. */
export function encodedWidth(manifest: Manifest): number {
  return manifest.features.reduce((sum, feature) => sum + columnCount(feature), 0);
}

/**
 * Parses and checks a manifest: the JSON schema, then what a schema cannot say (unique names,
 * bounds in order, rules over numeric features). The example is checked later, against the
 * request schema generated from the manifest.
 */
export function parseManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ManifestError(`the manifest is not valid JSON (${(error as Error).message})`);
  }
  const schemaIssues = [...Value.Errors(ManifestSchema, json)].map((error) => ({
    path: error.path,
    message: error.message,
  }));
  if (schemaIssues.length > 0) {
    throw new ManifestError("the manifest does not match the manifest schema", schemaIssues);
  }
  const manifest = json as Manifest;
  const issues = semanticIssues(manifest);
  if (issues.length > 0) throw new ManifestError("the manifest is inconsistent", issues);
  return manifest;
}

function semanticIssues(manifest: Manifest): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const byName = new Map<string, Feature>();
  manifest.features.forEach((feature, index) => {
    if (byName.has(feature.name)) {
      issues.push({
        path: `/features/${index}/name`,
        message: `duplicate feature ${feature.name}`,
      });
    }
    byName.set(feature.name, feature);
    if (
      (feature.type === "integer" || feature.type === "number") &&
      feature.minimum !== undefined &&
      feature.maximum !== undefined &&
      feature.minimum > feature.maximum
    ) {
      issues.push({ path: `/features/${index}`, message: "minimum is greater than maximum" });
    }
  });
  (manifest.rules ?? []).forEach((rule, index) => {
    for (const side of ["left", "right"] as const) {
      const feature = byName.get(rule[side]);
      if (feature === undefined) {
        issues.push({ path: `/rules/${index}/${side}`, message: `no feature ${rule[side]}` });
      } else if (feature.type !== "integer" && feature.type !== "number") {
        issues.push({ path: `/rules/${index}/${side}`, message: `${rule[side]} is not numeric` });
      }
    }
  });
  return issues;
}
