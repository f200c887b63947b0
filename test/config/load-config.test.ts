import { describe, expect, test } from "bun:test";
import { helpText } from "../../src/config/help.ts";
import { ConfigError, loadConfig, redactConfig } from "../../src/config/load-config.ts";
import { defaultWorkers, envName, optionSpecs } from "../../src/config/options.ts";

describe("loadConfig", () => {
  test("defaults serve the embedded model on port 8000", () => {
    const config = loadConfig([], {});
    expect(config).toMatchObject({
      host: "0.0.0.0",
      port: 8000,
      model: undefined,
      workers: defaultWorkers,
      threads: 1,
      maxBatchItems: 100,
      drainTimeoutMs: 30_000,
      logLevel: "info",
      logFormat: "json",
      apiKeys: [],
      corsOrigins: [],
      metrics: true,
    });
  });

  test("environment variables set options and flags win over them", () => {
    const config = loadConfig(["--port", "9001", "--workers=3"], {
      ML_SERVING_PORT: "9000",
      ML_SERVING_MAX_BATCH_SIZE: "32",
      ML_SERVING_LOG_LEVEL: "DEBUG",
      ML_SERVING_METRICS: "off",
    });
    expect(config.port).toBe(9001);
    expect(config.workers).toBe(3);
    expect(config.maxBatchSize).toBe(32);
    expect(config.logLevel).toBe("debug");
    expect(config.metrics).toBe(false);
  });

  test("lists are comma-separated with blanks dropped", () => {
    const config = loadConfig(["--cors-origins", " https://a.example , ,https://b.example"], {});
    expect(config.corsOrigins).toEqual(["https://a.example", "https://b.example"]);
  });

  test.each([
    [["--port", "http"], {}, 'invalid value for --port: expected an integer, got "http"'],
    [
      ["--port", "70000"],
      {},
      "invalid value for --port: expected an integer from 0 to 65535, got 70000",
    ],
    [
      [],
      { ML_SERVING_WORKERS: "0" },
      "invalid value for ML_SERVING_WORKERS: expected an integer from 1 to 256, got 0",
    ],
    [
      ["--log-level", "loud"],
      {},
      'invalid value for --log-level: expected one of debug, info, warn, error, got "loud"',
    ],
    [
      ["--metrics", "maybe"],
      {},
      'invalid value for --metrics: expected true or false, got "maybe"',
    ],
    [["--prot", "1"], {}, "Unknown option '--prot' (see --help)"],
    [["serve-now"], {}, 'unexpected argument "serve-now" (see --help)'],
    [
      [],
      { ML_SERVING_PROT: "1" },
      "unknown environment variable ML_SERVING_PROT (see --help for the list)",
    ],
    [["--tls-cert", "a.pem"], {}, "--tls-cert and --tls-key go together: give both or neither"],
    [
      ["--idle-timeout-s", "5", "--request-timeout-ms", "5000"],
      {},
      "--idle-timeout-s (5 s) must be more than 4 s longer than --request-timeout-ms (5000 ms)",
    ],
    [
      ["--max-queue-rows", "50"],
      {},
      "--max-queue-rows (50) must be at least --max-batch-items (100), or a full batch could never be queued",
    ],
  ])("refuses %p %p with a clear message", (argv, env, message) => {
    expect(() => loadConfig(argv, env)).toThrow(new ConfigError(message));
  });

  test("redactConfig hides API keys", () => {
    const redacted = redactConfig(loadConfig(["--api-keys", "s3cret-one,s3cret-two"], {}));
    expect(JSON.stringify(redacted)).not.toContain("s3cret");
    expect(redacted.apiKeys).toBe("[2 redacted]");
  });
});

describe("--help", () => {
  test("lists every option with its environment variable and default", () => {
    const text = helpText();
    for (const spec of Object.values(optionSpecs)) {
      expect(text).toContain(`--${spec.flag} <value>`);
      expect(text).toContain(envName(spec.flag));
    }
    expect(text).toContain("(default: 8000)");
    expect(text).toContain("check-model");
  });

  test("environment variable names follow the flag", () => {
    expect(envName("max-batch-size")).toBe("ML_SERVING_MAX_BATCH_SIZE");
  });
});
