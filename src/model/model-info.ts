import type { Feature } from "./manifest-schema.ts";
import type { ModelPackage } from "./model-package.ts";

/** What the API says about the served model (GET /api/v1/model, readiness, /v2 metadata). */
export interface ModelInfo {
  name: string;
  version: string;
  sha256: string;
  task: string;
  description: string | undefined;
  source: string;
  features: Feature[];
  classes: string[];
  input: { name: string; width: number };
  outputs: { probabilities: string; label?: string | undefined };
  /** Slowest worker's load plus warm-up, seconds. */
  loadTimeSeconds: number;
  loadedAt: string;
  onnxruntimeVersion: string;
}

export function modelInfo(
  model: ModelPackage,
  width: number,
  loaded: { loadMs: number; onnxruntimeVersion: string; loadedAt: Date },
): ModelInfo {
  const { manifest } = model;
  return {
    name: manifest.name,
    version: model.version,
    sha256: model.sha256,
    task: manifest.task,
    description: manifest.description,
    source: model.source,
    features: manifest.features,
    classes: manifest.classes,
    input: { name: manifest.input.name, width },
    outputs: manifest.outputs,
    loadTimeSeconds: Math.round(loaded.loadMs) / 1000,
    loadedAt: loaded.loadedAt.toISOString(),
    onnxruntimeVersion: loaded.onnxruntimeVersion,
  };
}
