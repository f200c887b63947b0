import { availableParallelism } from "node:os";
import { parseBoolean, parseChoice, parseInteger, parseList, parseString } from "./parsers.ts";

/**
 * Every knob of ml-serving, in one table. Each is a command-line flag (`--port 9000` or
 * `--port=9000`) and an environment variable (`ML_SERVING_PORT=9000`); the flag wins.
 * `--help`, the systemd env file and the README are written from this table.
 */
export interface OptionSpec<T> {
  /** kebab-case flag name, without the leading dashes. */
  flag: string;
  /** One line for `--help`. */
  help: string;
  /** Shown in `--help`; the default itself comes from `defaultValue`. */
  defaultText?: string;
  defaultValue: () => T;
  parse: (raw: string) => T;
  /** Never logged or echoed back. */
  secret?: boolean;
  group: "server" | "model" | "engine" | "limits" | "security" | "logging" | "runtime";
}

const cores = availableParallelism();

/**
 * Workers × ORT threads must not exceed the cores, and the HTTP thread needs a core of its own
 * on small machines: 1 worker up to 2 cores, then one per core beyond the first.
 */
export const defaultWorkers = Math.max(1, cores - 1);

const option = <T>(spec: OptionSpec<T>): OptionSpec<T> => spec;

export const optionSpecs = {
  host: option({
    flag: "host",
    group: "server",
    help: "Address to listen on",
    defaultValue: () => "0.0.0.0",
    parse: parseString({ minLength: 1 }),
  }),
  port: option({
    flag: "port",
    group: "server",
    help: "TCP port to listen on (0 picks a free port)",
    defaultValue: () => 8000,
    parse: parseInteger({ min: 0, max: 65535 }),
  }),
  model: option<string | undefined>({
    flag: "model",
    group: "model",
    help: "Path of an ONNX model to serve instead of the embedded churn model",
    defaultText: "the embedded churn model",
    defaultValue: () => undefined,
    parse: parseString({ minLength: 1 }),
  }),
  manifest: option<string | undefined>({
    flag: "manifest",
    group: "model",
    help: "Path of the model's manifest",
    defaultText: "<model>.manifest.json beside the model",
    defaultValue: () => undefined,
    parse: parseString({ minLength: 1 }),
  }),
  workers: option({
    flag: "workers",
    group: "engine",
    help: "Inference workers, each with its own onnxruntime session",
    defaultText: `cores - 1, at least 1 (here ${defaultWorkers})`,
    defaultValue: () => defaultWorkers,
    parse: parseInteger({ min: 1, max: 256 }),
  }),
  threads: option({
    flag: "threads",
    group: "engine",
    help: "onnxruntime intra-op threads per worker",
    defaultValue: () => 1,
    parse: parseInteger({ min: 1, max: 256 }),
  }),
  maxBatchSize: option({
    flag: "max-batch-size",
    group: "engine",
    help: "Most rows the batcher merges into one onnxruntime call",
    defaultValue: () => 64,
    parse: parseInteger({ min: 1, max: 65536 }),
  }),
  maxQueueDelayMs: option({
    flag: "max-queue-delay-ms",
    group: "engine",
    help: "How long a queued row may wait for a fuller batch when a worker is free (0: never)",
    defaultValue: () => 0,
    parse: parseInteger({ min: 0, max: 10_000 }),
  }),
  maxQueueRows: option({
    flag: "max-queue-rows",
    group: "engine",
    help: "Bound of the queue in rows; past it requests are shed with 503 and Retry-After",
    defaultValue: () => 2048,
    parse: parseInteger({ min: 1, max: 10_000_000 }),
  }),
  requestTimeoutMs: option({
    flag: "request-timeout-ms",
    group: "engine",
    help: "Deadline of a request (clients may ask for less with X-Request-Timeout-Ms); also the most its body may take to arrive (408)",
    defaultValue: () => 5000,
    parse: parseInteger({ min: 1, max: 600_000 }),
  }),
  workerWatchdogMs: option({
    flag: "worker-watchdog-ms",
    group: "engine",
    help: "A worker that holds a batch longer than this is replaced",
    defaultValue: () => 10_000,
    parse: parseInteger({ min: 100, max: 3_600_000 }),
  }),
  drainTimeoutMs: option({
    flag: "drain-timeout-ms",
    group: "engine",
    help: "On SIGTERM/SIGINT, how long in-flight requests may take before the process exits",
    defaultValue: () => 30_000,
    parse: parseInteger({ min: 0, max: 3_600_000 }),
  }),
  bodyLimitBytes: option({
    flag: "body-limit-bytes",
    group: "limits",
    help: "Largest request body accepted (413 beyond)",
    defaultValue: () => 1_048_576,
    parse: parseInteger({ min: 1024, max: 1_073_741_824 }),
  }),
  maxBatchItems: option({
    flag: "max-batch-items",
    group: "limits",
    help: "Most items in one POST /api/v1/predict/batch request",
    defaultValue: () => 100,
    parse: parseInteger({ min: 1, max: 100_000 }),
  }),
  maxHeaderBytes: option({
    flag: "max-header-bytes",
    group: "limits",
    help: "Largest request head (request line and headers) accepted (431 beyond)",
    defaultValue: () => 16_384,
    parse: parseInteger({ min: 4096, max: 1_048_576 }),
  }),
  idleTimeoutS: option({
    flag: "idle-timeout-s",
    group: "limits",
    help: "Seconds a kept-alive connection may stay silent (also bounds a slow request); > request timeout + 4 s",
    defaultValue: () => 30,
    parse: parseInteger({ min: 1, max: 255 }),
  }),
  apiKeys: option<string[]>({
    flag: "api-keys",
    group: "security",
    help: "Comma-separated API keys; when any key is set, protected endpoints need one",
    defaultText: "none (auth off)",
    defaultValue: () => [],
    parse: parseList(),
    secret: true,
  }),
  apiKeysFile: option<string | undefined>({
    flag: "api-keys-file",
    group: "security",
    help: "File with one API key per line (# comments), e.g. a systemd credential",
    defaultValue: () => undefined,
    parse: parseString({ minLength: 1 }),
  }),
  publicPaths: option<string[]>({
    flag: "public-paths",
    group: "security",
    help: "Comma-separated paths that stay open when auth is on (a trailing * matches a prefix)",
    defaultValue: () => [
      "/health",
      "/health/ready",
      "/metrics",
      "/v2/health/live",
      "/v2/health/ready",
      "/docs*",
      "/openapi.json",
    ],
    parse: parseList(),
  }),
  corsOrigins: option<string[]>({
    flag: "cors-origins",
    group: "security",
    help: "Comma-separated origins allowed by CORS",
    defaultText: "none (CORS off)",
    defaultValue: () => [],
    parse: parseList(),
  }),
  tlsCert: option<string | undefined>({
    flag: "tls-cert",
    group: "security",
    help: "PEM certificate (chain) file; with --tls-key the server speaks HTTPS",
    defaultValue: () => undefined,
    parse: parseString({ minLength: 1 }),
  }),
  tlsKey: option<string | undefined>({
    flag: "tls-key",
    group: "security",
    help: "PEM private key file for --tls-cert",
    defaultValue: () => undefined,
    parse: parseString({ minLength: 1 }),
  }),
  metrics: option({
    flag: "metrics",
    group: "logging",
    help: "Serve Prometheus metrics on GET /metrics",
    defaultValue: () => true,
    parse: parseBoolean(),
  }),
  logLevel: option({
    flag: "log-level",
    group: "logging",
    help: "debug, info, warn or error (debug logs one line per request)",
    defaultValue: (): "debug" | "info" | "warn" | "error" => "info",
    parse: parseChoice(["debug", "info", "warn", "error"] as const),
  }),
  logFormat: option({
    flag: "log-format",
    group: "logging",
    help: "json (one object per line) or pretty",
    defaultValue: (): "json" | "pretty" => "json",
    parse: parseChoice(["json", "pretty"] as const),
  }),
  runtimeDir: option<string | undefined>({
    flag: "runtime-dir",
    group: "runtime",
    help: "Private directory for the native libraries the binary unpacks",
    defaultText: "$CACHE_DIRECTORY, else $XDG_CACHE_HOME/ml-serving, else ~/.cache/ml-serving",
    defaultValue: () => undefined,
    parse: parseString({ minLength: 1 }),
  }),
} as const;

export type OptionName = keyof typeof optionSpecs;

export type Config = {
  [K in OptionName]: ReturnType<(typeof optionSpecs)[K]["defaultValue"]>;
};

/** `max-batch-size` → `ML_SERVING_MAX_BATCH_SIZE` */
export function envName(flag: string): string {
  return `ML_SERVING_${flag.toUpperCase().replaceAll("-", "_")}`;
}
