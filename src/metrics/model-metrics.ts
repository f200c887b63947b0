import { Gauge, type Registry } from "prom-client";

export interface ServedModel {
  name: string;
  version: string;
  sha256: string;
  /** Slowest worker's load plus warm-up. */
  loadTimeSeconds: number;
}

export interface BuildInfo {
  version: string;
  bunVersion: string;
  onnxruntimeVersion: string;
}

export interface ModelMetrics {
  /** Called once every worker has loaded the model. */
  modelLoaded(model: ServedModel): void;
}

/**
 * `ml_serving_model_info{name,version,sha256} 1`, `ml_serving_model_load_time_seconds`, and
 * `ml_serving_build_info{version,bun_version,onnxruntime_version} 1`.
 *
 * @example
 * createModelMetrics(registry, build).modelLoaded(info);
 */
export function createModelMetrics(registry: Registry, build: BuildInfo): ModelMetrics {
  new Gauge({
    name: "ml_serving_build_info",
    help: "Always 1; the labels say which ml-serving, Bun and onnxruntime are running",
    labelNames: ["version", "bun_version", "onnxruntime_version"] as const,
    registers: [registry],
  }).set(
    {
      version: build.version,
      bun_version: build.bunVersion,
      onnxruntime_version: build.onnxruntimeVersion,
    },
    1,
  );
  const info = new Gauge({
    name: "ml_serving_model_info",
    help: "Always 1; the labels name the served model, its version and the SHA-256 of its ONNX file",
    labelNames: ["name", "version", "sha256"] as const,
    registers: [registry],
  });
  const loadTime = new Gauge({
    name: "ml_serving_model_load_time_seconds",
    help: "Time the slowest worker took to load and warm the model",
    registers: [registry],
  });
  return {
    modelLoaded(model) {
      info.reset();
      info.set({ name: model.name, version: model.version, sha256: model.sha256 }, 1);
      loadTime.set(model.loadTimeSeconds);
    },
  };
}
