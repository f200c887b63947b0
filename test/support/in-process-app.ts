import { loadConfig } from "../../src/config/load-config.ts";
import { createInferenceEngine } from "../../src/engine/inference-engine.ts";
import { createApp } from "../../src/http/app.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { modelInfo } from "../../src/model/model-info.ts";
import { createLifecycle } from "../../src/server/lifecycle.ts";
import { createObservability } from "../../src/server/observability.ts";
import { prepareModel } from "../../src/server/prepare-model.ts";
import type { LogLine } from "./server-process.ts";

/**
 * The app wired as src/server/serve.ts wires it (real workers running onnxruntime, the batcher,
 * metrics, logs), without a socket: tests call `app.handle(request)`. Log lines are collected.
 * With `ready: false` the lifecycle stays in "starting" until the test calls markReady().
 */
export async function createInProcessApp(args: string[] = [], options: { ready?: boolean } = {}) {
  const config = loadConfig(["--workers", "1", ...args], {});
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: config.logLevel,
    format: "json",
    write: (line) => logs.push(JSON.parse(line) as LogLine),
  });
  const lifecycle = createLifecycle();
  const prepared = await prepareModel({
    modelPath: config.model,
    manifestPath: config.manifest,
    runtimeDir: undefined,
    env: {},
  });
  const { model, encoder } = prepared;
  const observability = createObservability({ config, logger, model });
  const engine = createInferenceEngine({
    model,
    width: encoder.width,
    warmup: prepared.warmup,
    workers: config.workers,
    threads: config.threads,
    maxBatchSize: config.maxBatchSize,
    maxQueueDelayMs: config.maxQueueDelayMs,
    maxQueueRows: config.maxQueueRows,
    workerWatchdogMs: config.workerWatchdogMs,
    nativeDir: prepared.nativeDir,
    faultHooks: false,
    onPoolEvent: observability.onPoolEvent,
    observers: observability.engineObservers,
  });
  const loaded = await engine.start();
  const info = modelInfo(model, encoder.width, { ...loaded, loadedAt: new Date() });
  observability.attach({ model: info, engine, lifecycle });
  const app = createApp({
    config,
    logger,
    manifest: model.manifest,
    encoder,
    model: info,
    engine,
    lifecycle,
    metrics: observability.metrics,
  });
  if (options.ready !== false) lifecycle.markReady();
  return {
    app,
    config,
    engine,
    lifecycle,
    info,
    example: model.manifest.example,
    logs,
    close: () => engine.close(),
  };
}

export type InProcessApp = Awaited<ReturnType<typeof createInProcessApp>>;

/** A request to the in-process app. */
export function request(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === "string"
        ? init.body
        : JSON.stringify(init.body);
  return new Request(`http://localhost${path}`, {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    body,
    headers: { ...(body !== undefined && { "content-type": "application/json" }), ...init.headers },
  });
}
