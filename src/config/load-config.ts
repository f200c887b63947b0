import { parseArgs } from "node:util";
import { type Config, envName, type OptionName, type OptionSpec, optionSpecs } from "./options.ts";

/** A bad flag, environment variable or combination: start-up stops with this message. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

const names = Object.keys(optionSpecs) as OptionName[];
const specOf = (name: OptionName) => optionSpecs[name] as OptionSpec<unknown>;

/** Bun checks connections' idle timeouts on this tick (measured; see docs/security.md). */
const bunTimerTickMs = 4000;

/** Environment variables that are ours but not options (read elsewhere, on purpose). */
const otherEnvNames = new Set(["ML_SERVING_TEST_FAULTS"]);

/**
 * Builds the configuration from command-line flags and `ML_SERVING_*` environment variables;
 * a flag wins over its variable, and a variable over the default.
 *
 * @example
 * loadConfig(["--port", "9000"], { ML_SERVING_WORKERS: "2" }) // { port: 9000, workers: 2, ... }
 */
export function loadConfig(argv: string[], env: Record<string, string | undefined>): Config {
  const flags = parseFlags(argv);
  rejectUnknownEnv(env);
  const config: Record<string, unknown> = {};
  for (const name of names) {
    const spec = specOf(name);
    const variable = envName(spec.flag);
    const fromFlag = flags[spec.flag];
    const fromEnv = env[variable];
    const source = fromFlag !== undefined ? `--${spec.flag}` : variable;
    const raw = fromFlag ?? fromEnv;
    try {
      config[name] = raw === undefined ? spec.defaultValue() : spec.parse(raw);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const shown = spec.secret ? "" : `: ${reason}`;
      throw new ConfigError(`invalid value for ${source}${shown || ": not a valid value"}`);
    }
  }
  return checkCombinations(config as Config);
}

function parseFlags(argv: string[]): Record<string, string | undefined> {
  const options = Object.fromEntries(
    names.map((name) => [specOf(name).flag, { type: "string" as const }]),
  );
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) {
      throw new ConfigError(`unexpected argument "${positionals[0]}" (see --help)`);
    }
    return values as Record<string, string | undefined>;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new ConfigError(`${message.replace(/\. To specify.*$/s, "")} (see --help)`);
  }
}

function rejectUnknownEnv(env: Record<string, string | undefined>): void {
  const known = new Set(names.map((name) => envName(specOf(name).flag)));
  for (const variable of Object.keys(env)) {
    if (!variable.startsWith("ML_SERVING_") || known.has(variable) || otherEnvNames.has(variable)) {
      continue;
    }
    throw new ConfigError(`unknown environment variable ${variable} (see --help for the list)`);
  }
}

function checkCombinations(config: Config): Config {
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new ConfigError("--tls-cert and --tls-key go together: give both or neither");
  }
  if (config.idleTimeoutS * 1000 <= config.requestTimeoutMs + bunTimerTickMs) {
    // Bun's idle timeout also cuts a request whose handler has not answered yet, and it checks
    // idle timeouts on a 4 s tick, so it may cut up to 4 s early: the deadline must fall before.
    throw new ConfigError(
      `--idle-timeout-s (${config.idleTimeoutS} s) must be more than 4 s longer than --request-timeout-ms (${config.requestTimeoutMs} ms)`,
    );
  }
  if (config.maxQueueRows < config.maxBatchItems) {
    throw new ConfigError(
      `--max-queue-rows (${config.maxQueueRows}) must be at least --max-batch-items (${config.maxBatchItems}), or a full batch could never be queued`,
    );
  }
  return config;
}

/** The configuration as it may be logged: secrets replaced. */
export function redactConfig(config: Config): Record<string, unknown> {
  return Object.fromEntries(
    names.map((name) => {
      const value = config[name];
      const hidden = specOf(name).secret && Array.isArray(value) && value.length > 0;
      return [name, hidden ? `[${value.length} redacted]` : value];
    }),
  );
}
