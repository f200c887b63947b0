import { redactConfig } from "../config/load-config.ts";
import type { Config } from "../config/options.ts";
import { createInferenceEngine } from "../engine/inference-engine.ts";
import { createApp } from "../http/app.ts";
import type { Logger } from "../logging/logger.ts";
import { modelInfo } from "../model/model-info.ts";
import { faultHooksEnabled } from "../testing/fault-hooks.ts";
import { appVersion } from "../version.ts";
import { createLifecycle } from "./lifecycle.ts";
import { listen } from "./listen.ts";
import { createObservability } from "./observability.ts";
import { prepareModel } from "./prepare-model.ts";
import { installShutdown } from "./shutdown.ts";

/**
 * `ml-serving` with no subcommand: load and warm the model in every worker, listen, and serve
 * until SIGTERM or SIGINT. Throws (before listening) on anything an operator must fix.
 */
export async function serve(config: Config, env: Record<string, string | undefined>, logger: Logger) {
  const lifecycle = createLifecycle();
  logger.info("starting ml-serving", { version: appVersion, pid: process.pid, config: redactConfig(config) });
  const prepared = await prepareModel({
    modelPath: config.model,
    manifestPath: config.manifest,
    runtimeDir: config.runtimeDir,
    env,
  });
  const { model, encoder } = prepared;
  const faultHooks = faultHooksEnabled(env);
  if (faultHooks) logger.warn("test fault hooks are enabled: never do this in production");
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
    faultHooks,
    onPoolEvent: observability.onPoolEvent,
    observers: observability.engineObservers,
  });
  const loaded = await engine.start();
  const info = modelInfo(model, encoder.width, { ...loaded, loadedAt: new Date() });
  logger.info("model loaded", {
    name: info.name,
    version: info.version,
    sha256: info.sha256,
    source: info.source,
    workers: config.workers,
    threads_per_worker: config.threads,
    load_time_seconds: info.loadTimeSeconds,
    onnxruntime: info.onnxruntimeVersion,
  });
  observability.attach({ model: info, engine, lifecycle });
  const { metrics } = observability;
  const app = createApp({ config, logger, manifest: model.manifest, encoder, model: info, engine, lifecycle, metrics }, { faultHooks });
  let server: ReturnType<typeof listen>;
  try {
    server = listen(app, config);
  } catch (error) {
    await engine.close();
    throw error;
  }
  lifecycle.markReady();
  logger.info("ready", {
    url: server.url.href,
    startup_ms: Math.round(performance.now()),
  });
  installShutdown({
    lifecycle,
    logger,
    drainTimeoutMs: config.drainTimeoutMs,
    close: async () => {
      await server.stop(true);
      await engine.close();
    },
  });
  return { server, engine, lifecycle };
}
