#!/usr/bin/env bun
// The entry point: `ml-serving [options]`, `ml-serving check-model …`, `--version`, `--help`.
import "./production-mode.ts";
import { checkModel } from "./cli/check-model.ts";
import { helpText } from "./config/help.ts";
import { ConfigError, loadConfig } from "./config/load-config.ts";
import { createLogger } from "./logging/logger.ts";
import { loadModelPackage } from "./model/model-package.ts";
import { serve } from "./server/serve.ts";
import { appVersion, onnxruntimeVersion } from "./version.ts";

const argv = process.argv.slice(2);
const env = process.env;

function fail(message: string, code: number): never {
  process.stderr.write(`ml-serving: ${message}\n`);
  process.exit(code);
}

async function printVersion(): Promise<void> {
  const config = loadConfig(
    argv.filter((arg) => arg !== "--version"),
    env,
  );
  const model = await loadModelPackage({ modelPath: config.model, manifestPath: config.manifest });
  process.stdout.write(
    `ml-serving ${appVersion}\nmodel ${model.manifest.name} ${model.version} (${model.source})\nonnxruntime ${onnxruntimeVersion}\n`,
  );
}

async function main(): Promise<void> {
  if (argv[0] === "check-model") process.exit(await checkModel(argv.slice(1), env));
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(helpText());
    return;
  }
  if (argv.includes("--version")) return printVersion();
  const config = loadConfig(argv, env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  try {
    await serve(config, env, logger);
  } catch (error) {
    logger.error("start-up failed", { error: (error as Error).message });
    fail((error as Error).message, 1);
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) fail(error.message, 2);
  fail(error instanceof Error ? error.message : String(error), 1);
});
