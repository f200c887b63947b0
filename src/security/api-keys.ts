import { statSync } from "node:fs";
import { ConfigError } from "../config/load-config.ts";
import { readOptionFile } from "./read-file.ts";

/** What a key must look like: it travels in a header as a Bearer token. */
const acceptable = /^[\x21-\x7e]+$/;

/** Shorter keys are accepted, with a warning: they can be guessed. */
export const recommendedKeyLength = 16;

export interface ApiKeys {
  keys: string[];
  /** For the log at start-up: never a key, only what the operator should fix. */
  warnings: string[];
}

function checkKey(key: string, where: string): void {
  if (!acceptable.test(key)) {
    throw new ConfigError(`${where}: an API key must be printable ASCII without spaces`);
  }
}

/** One key per line; blank lines and lines starting with `#` are skipped, blanks around a key trimmed. */
export function parseKeyFile(text: string, path: string): string[] {
  const keys: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const key = line.trim();
    if (key === "" || key.startsWith("#")) return;
    checkKey(key, `--api-keys-file ${path} line ${index + 1}`);
    keys.push(key);
  });
  if (keys.length === 0) {
    throw new ConfigError(
      `--api-keys-file ${path} holds no API key (only blank lines or # comments)`,
    );
  }
  return keys;
}

/**
 * The API keys from `--api-keys` and `--api-keys-file` together, read once at start-up. A key
 * file that is missing, unreadable or empty, or a key that cannot be sent in a header, stops
 * start-up with a ConfigError that never shows a key. No keys at all means auth is off.
 *
 * @example
 * readApiKeys({ inline: ["k1"], file: "/run/credentials/ml-serving.service/api-keys" })
 * // { keys: ["k1", "k2"], warnings: [] }
 */
export function readApiKeys(options: {
  inline: readonly string[];
  file: string | undefined;
}): ApiKeys {
  const warnings: string[] = [];
  for (const key of options.inline) checkKey(key, "--api-keys (ML_SERVING_API_KEYS)");
  const fromFile =
    options.file === undefined
      ? []
      : parseKeyFile(readOptionFile("--api-keys-file", options.file), options.file);
  if (options.file !== undefined && (statSync(options.file).mode & 0o004) !== 0) {
    warnings.push(
      `--api-keys-file ${options.file} is readable by every user: make it 0600 or 0400`,
    );
  }
  const keys = [...new Set([...options.inline, ...fromFile])];
  const short = keys.filter((key) => key.length < recommendedKeyLength).length;
  if (short > 0) {
    warnings.push(
      `${short} API key(s) shorter than ${recommendedKeyLength} characters: use long random keys`,
    );
  }
  return { keys, warnings };
}
