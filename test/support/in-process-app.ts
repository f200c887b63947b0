import { loadConfig } from "../../src/config/load-config.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { createServing, type ServingOptions } from "../../src/server/create-serving.ts";
import type { LogLine } from "./server-process.ts";

export interface InProcessOptions extends ServingOptions {
  /** Environment for the configuration loader (nothing is inherited). */
  env?: Record<string, string>;
  /** With `false` the lifecycle stays in "starting" until the test calls markReady(). */
  ready?: boolean;
}

/**
 * The real server without a socket: built by the same `createServing` as the binary (real
 * workers running onnxruntime, the batcher, metrics, logs), for `app.handle(request)` tests.
 * `argv` goes through the real configuration loader (one worker unless it says otherwise);
 * log lines are collected in `logs`. Call `close()` in afterAll.
 *
 * @example
 * const served = await createInProcessApp(["--max-batch-items", "8"]);
 * const response = await served.app.handle(post("/api/v1/predict", churnExample));
 */
export async function createInProcessApp(argv: string[] = [], options: InProcessOptions = {}) {
  const env = options.env ?? {};
  const config = loadConfig(["--workers", "1", ...argv], env);
  const logs: LogLine[] = [];
  const logger = createLogger({
    level: config.logLevel,
    format: "json",
    write: (line) => logs.push(JSON.parse(line) as LogLine),
  });
  const serving = await createServing(config, env, logger, options);
  if (options.ready !== false) serving.lifecycle.markReady();
  const { manifest, onnx } = serving.prepared.model;
  return {
    ...serving,
    config,
    logs,
    logger,
    manifest,
    encoder: serving.prepared.encoder,
    /** The ONNX file's bytes, to run the model directly and compare. */
    onnx,
    example: manifest.example,
    close: () => serving.engine.close(),
  };
}

export type InProcessApp = Awaited<ReturnType<typeof createInProcessApp>>;
