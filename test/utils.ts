import { loadConfig } from "../src/config/load-config.ts";
import type { Config } from "../src/config/options.ts";
import { createInferenceEngine, type InferenceEngine } from "../src/engine/inference-engine.ts";
import { type App, createApp } from "../src/http/app.ts";
import { createLogger, type Logger } from "../src/logging/logger.ts";
import { modelInfo } from "../src/model/model-info.ts";
import { createLifecycle, type Lifecycle } from "../src/server/lifecycle.ts";
import { type PreparedModel, prepareModel } from "../src/server/prepare-model.ts";

/** The SPEC's example request for the embedded churn model. */
export const churnExample = {
  tenure_months: 24,
  monthly_charges: 65.5,
  total_charges: 1572.0,
  num_products: 3,
  has_phone_service: true,
  has_internet: true,
  contract_type: "month-to-month",
  payment_method: "electronic",
} as const;

export const base = "http://localhost";

/** A JSON POST to the in-process app. */
export function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export function get(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`${base}${path}`, { headers });
}

/** Status, parsed JSON body and headers of a response. */
export async function read(response: Response) {
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}

export interface TestApp {
  app: App;
  engine: InferenceEngine;
  lifecycle: Lifecycle;
  config: Config;
  prepared: PreparedModel;
  logs: Record<string, unknown>[];
  logger: Logger;
  close(): Promise<void>;
}

/**
 * The real app with a real engine (onnxruntime in real workers) in this process, for
 * `app.handle(request)` tests. `argv` and `env` go through the real configuration loader.
 */
export async function createTestApp(
  argv: string[] = [],
  env: Record<string, string> = {},
  options: { wrapEngine?: (engine: InferenceEngine) => InferenceEngine } = {},
): Promise<TestApp> {
  const config = loadConfig(["--workers", "1", ...argv], env);
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "debug",
    format: "json",
    write: (line) => logs.push(JSON.parse(line)),
  });
  const prepared = await prepareModel({
    modelPath: config.model,
    manifestPath: config.manifest,
    runtimeDir: config.runtimeDir,
    env,
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
  const info = modelInfo(prepared.model, prepared.encoder.width, {
    ...loaded,
    loadedAt: new Date(),
  });
  const lifecycle = createLifecycle();
  const app = createApp({
    config,
    logger,
    manifest: prepared.model.manifest,
    encoder: prepared.encoder,
    model: info,
    engine: options.wrapEngine ? options.wrapEngine(engine) : engine,
    lifecycle,
  });
  lifecycle.markReady();
  return { app, engine, lifecycle, config, prepared, logs, logger, close: () => engine.close() };
}
