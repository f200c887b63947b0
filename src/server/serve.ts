import { redactConfig } from "../config/load-config.ts";
import type { Config } from "../config/options.ts";
import { createInferenceEngine } from "../engine/inference-engine.ts";
import { createApp } from "../http/app.ts";
import type { Logger } from "../logging/logger.ts";
import { modelInfo } from "../model/model-info.ts";
import { prepareSecurity } from "../security/prepare-security.ts";
import { connectSystemd } from "../systemd/systemd-service.ts";
import { faultHooksEnabled } from "../testing/fault-hooks.ts";
import { appVersion } from "../version.ts";
import { createLifecycle } from "./lifecycle.ts";
import { listen } from "./listen.ts";
import { logPoolEvent, type WorkerPoolEvents } from "./pool-events.ts";
import { prepareModel } from "./prepare-model.ts";
import { installShutdown } from "./shutdown.ts";

/** How long open connections get to finish once the drain is over and the listener closed. */
const closeGraceMs = 500;

/**
 * `ml-serving` with no subcommand: load and warm the model in every worker, listen, and serve
 * until SIGTERM or SIGINT. Throws (before listening) on anything an operator must fix.
 */
export async function serve(
  config: Config,
  env: Record<string, string | undefined>,
  logger: Logger,
) {
  const lifecycle = createLifecycle();
  logger.info("starting ml-serving", {
    version: appVersion,
    pid: process.pid,
    config: redactConfig(config),
  });
  const security = prepareSecurity(config);
  for (const warning of security.warnings) logger.warn(warning);
  const prepared = await prepareModel({
    modelPath: config.model,
    manifestPath: config.manifest,
    runtimeDir: config.runtimeDir,
    env,
  });
  const { model, encoder } = prepared;
  if (prepared.nativeDir !== undefined) {
    logger.info("runtime files", { dir: prepared.nativeDir, unpacked: prepared.nativeUnpacked });
  }
  const faultHooks = faultHooksEnabled(env);
  if (faultHooks) logger.warn("test fault hooks are enabled: never do this in production");
  const poolEvents: WorkerPoolEvents = { onEvent: (event) => logPoolEvent(logger, event) };
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
    onPoolEvent: poolEvents.onEvent,
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
  const app = createApp(
    { config, logger, manifest: model.manifest, encoder, model: info, engine, lifecycle, security },
    { faultHooks },
  );
  let server: ReturnType<typeof listen>;
  try {
    server = listen(app, config, { tls: security.tls });
  } catch (error) {
    await engine.close();
    throw error;
  }
  const systemd = connectSystemd({ env, logger, readyWorkers: () => engine.stats().ready });
  installShutdown({
    lifecycle,
    logger,
    drainTimeoutMs: config.drainTimeoutMs,
    onDrainStart: () => systemd.stopping(`Draining ${lifecycle.inFlight()} in-flight requests`),
    close: async () => {
      // Stop listening first and let open connections finish their last answer (which said
      // `Connection: close`), so a client then meets a refused port, not a reset socket.
      await Promise.race([server.stop(false), Bun.sleep(closeGraceMs)]);
      await server.stop(true);
      await engine.close();
    },
  });
  lifecycle.markReady();
  logger.info("ready", {
    url: server.url.href,
    auth: security.apiKeys.length > 0,
    cors_origins: security.corsOrigins.length,
    ...(security.tls && {
      tls_subject: security.tls.subject,
      tls_valid_to: security.tls.validTo.toISOString(),
    }),
    startup_ms: Math.round(performance.now()),
  });
  systemd.ready(`Serving ${info.name} ${info.version} on ${server.url.href}`);
  return { server, engine, lifecycle };
}
