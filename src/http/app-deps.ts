import type { Config } from "../config/options.ts";
import type { InferenceEngine } from "../engine/inference-engine.ts";
import type { Logger } from "../logging/logger.ts";
import type { Metrics } from "../metrics/create-metrics.ts";
import type { Encoder } from "../model/encoder.ts";
import type { Manifest } from "../model/manifest-schema.ts";
import type { ModelInfo } from "../model/model-info.ts";
import type { Security } from "../security/prepare-security.ts";
import type { Lifecycle } from "../server/lifecycle.ts";

/** Everything the HTTP layer needs, built once by the entry point. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  manifest: Manifest;
  encoder: Encoder;
  model: ModelInfo;
  engine: Pick<InferenceEngine, "infer" | "stats" | "armFault">;
  lifecycle: Lifecycle;
  /** API keys (inline and from the key file) and CORS origins as read and checked at start-up. */
  security: Pick<Security, "apiKeys" | "corsOrigins">;
  /** Undefined with `--metrics false`: no metrics plugin, no GET /metrics. */
  metrics?: Metrics | undefined;
}
