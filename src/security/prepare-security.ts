import { ConfigError } from "../config/load-config.ts";
import type { Config } from "../config/options.ts";
import { readApiKeys } from "./api-keys.ts";
import { corsOrigins } from "./cors-origins.ts";
import { readTlsFiles, type TlsFiles } from "./tls-files.ts";

export interface Security {
  /** Every API key, inline and from the file; empty: auth is off. */
  apiKeys: string[];
  /** Origins CORS allows, checked and normalised; empty: CORS is off. */
  corsOrigins: string[];
  /** Certificate and key when the server speaks HTTPS. */
  tls: TlsFiles | undefined;
  /** For the log: never a key. */
  warnings: string[];
}

/**
 * Reads and checks everything security needs at start-up, before the model loads, so that a bad
 * key file, origin or certificate stops start-up at once with a ConfigError that says what to fix.
 *
 * @example
 * const security = prepareSecurity(config);
 * createApp({ ...deps, apiKeys: security.apiKeys }); listen(app, config, { tls: security.tls });
 */
export function prepareSecurity(config: Config): Security {
  const apiKeys = readApiKeys({ inline: config.apiKeys, file: config.apiKeysFile });
  const misplaced = config.publicPaths.find((path) => !path.startsWith("/"));
  if (misplaced !== undefined) {
    throw new ConfigError(
      `--public-paths: "${misplaced}" must start with / (a trailing * matches a prefix)`,
    );
  }
  const tls =
    config.tlsCert === undefined || config.tlsKey === undefined
      ? undefined
      : readTlsFiles(config.tlsCert, config.tlsKey);
  return {
    apiKeys: apiKeys.keys,
    corsOrigins: corsOrigins(config.corsOrigins),
    tls,
    warnings: [...apiKeys.warnings, ...(tls?.warnings ?? [])],
  };
}
