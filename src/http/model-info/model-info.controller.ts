import { Elysia } from "elysia";
import type { AppDeps } from "../app-deps.ts";

/** GET /api/v1/model: what is being served. */
export function modelInfoController(deps: Pick<AppDeps, "model">) {
  const { model } = deps;
  const body = {
    name: model.name,
    version: model.version,
    sha256: model.sha256,
    task: model.task,
    description: model.description ?? null,
    source: model.source,
    features: model.features,
    classes: model.classes,
    input: model.input,
    outputs: model.outputs,
    model_load_time_seconds: model.loadTimeSeconds,
    loaded_at: model.loadedAt,
    onnxruntime_version: model.onnxruntimeVersion,
  };
  return new Elysia({ name: "model-info" }).get("/api/v1/model", () => body, {
    detail: {
      tags: ["Model"],
      summary: "Metadata of the served model: name, version, features, classes",
    },
  });
}
