import { readFileSync } from "node:fs";
import { ConfigError } from "../config/load-config.ts";

const reasons: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
};

/**
 * Reads a file named by an option at start-up; a file that cannot be read is a ConfigError that
 * names the option, the path and why, never a stack trace.
 *
 * @example
 * readOptionFile("--tls-cert", "/etc/ml-serving/cert.pem") // "-----BEGIN CERTIFICATE-----…"
 */
export function readOptionFile(option: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const reason = reasons[code] ?? (error as Error).message;
    throw new ConfigError(`cannot read ${option} ${path}: ${reason}`);
  }
}
