import { redactConfig } from "../config/load-config.ts";
import type { Config } from "../config/options.ts";
import type { Logger } from "../logging/logger.ts";
import { connectSystemd } from "../systemd/systemd-service.ts";
import { faultHooksEnabled } from "../testing/fault-hooks.ts";
import { appVersion } from "../version.ts";
import { createServing } from "./create-serving.ts";
import { listen } from "./listen.ts";
import { installShutdown } from "./shutdown.ts";

/** How long open connections get to finish once the drain is over and the listener closed. */
const closeGraceMs = 500;

/**
 * `ml-serving` with no subcommand: build everything (src/server/create-serving.ts), listen, tell
 * systemd, and serve until SIGTERM or SIGINT. Throws (before listening) on anything an operator
 * must fix.
 */
export async function serve(
  config: Config,
  env: Record<string, string | undefined>,
  logger: Logger,
) {
  logger.info("starting ml-serving", {
    version: appVersion,
    pid: process.pid,
    config: redactConfig(config),
  });
  const faultHooks = faultHooksEnabled(env);
  if (faultHooks) logger.warn("test fault hooks are enabled: never do this in production");
  const { app, engine, lifecycle, model, security } = await createServing(config, env, logger, {
    faultHooks,
  });
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
  systemd.ready(`Serving ${model.name} ${model.version} on ${server.url.href}`);
  return { server, engine, lifecycle };
}
