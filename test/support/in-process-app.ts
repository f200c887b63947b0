import { loadConfig } from "../../src/config/load-config.ts";
import { createInferenceEngine } from "../../src/engine/inference-engine.ts";
import { createApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { modelInfo } from "../../src/model/model-info.ts";
import { createLifecycle } from "../../src/server/lifecycle.ts";
import { prepareModel } from "../../src/server/prepare-model.ts";

/**
 * The real app around a real engine (onnxruntime in Bun Workers, run from source), for
 * in-process HTTP tests with `app.handle(request)`. Call `close()` in afterAll.
 *
 * @example
 * const { app, close } = await startInProcessApp(["--max-batch-items", "8"]);
 */
export async function startInProcessApp(
  argv: string[] = [],
  options: { markReady?: boolean; faultHooks?: boolean } = {},
) {
  const config = loadConfig(["--workers", "1", "--threads", "1", ...argv], {});
  const prepared = await prepareModel({
    modelPath: config.model,
    manifestPath: config.manifest,
    runtimeDir: undefined,
    env: {},
  });
  const engine = createInferenceEngine({
    model: prepared.model,
    width: prepared.encoder.width,
    warmup: prepared.warmup,
    workers: config.workers,
    threads: config.threads,
    maxBatchSize: config.maxBatchSize,
    maxQueueDelayMs: config.maxQueueDelayMs,
    maxQueueRows: config.maxQueueRows,
    workerWatchdogMs: config.workerWatchdogMs,
    nativeDir: prepared.nativeDir,
    faultHooks: false,
  });
  const loaded = await engine.start();
  const model = modelInfo(prepared.model, prepared.encoder.width, {
    ...loaded,
    loadedAt: new Date(),
  });
  const lifecycle = createLifecycle();
  // Kept, not printed: tests read them (an error line means a request reached the 500 handler).
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "error",
    format: "json",
    write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>),
  });
  const app = createApp(
    {
      config,
      logger,
      manifest: prepared.model.manifest,
      encoder: prepared.encoder,
      model,
      engine,
      lifecycle,
    },
    { faultHooks: options.faultHooks ?? false },
  );
  if (options.markReady !== false) lifecycle.markReady();
  return {
    app,
    config,
    model,
    engine,
    lifecycle,
    manifest: prepared.model.manifest,
    encoder: prepared.encoder,
    /** The ONNX file's bytes, to run the model directly and compare. */
    onnx: prepared.model.onnx,
    logs,
    close: () => engine.close(),
  };
}

/** A JSON request to the in-process app, as a client would send it. */
export function jsonRequest(
  path: string,
  body?: unknown,
  init: { method?: string; headers?: Record<string, string> } = {},
) {
  return new Request(`http://localhost${path}`, {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    headers:
      body === undefined ? init.headers : { "content-type": "application/json", ...init.headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}
