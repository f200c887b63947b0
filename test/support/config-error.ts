import { expect } from "bun:test";
import { ConfigError } from "../../src/config/load-config.ts";

/** The message of the ConfigError that `run` throws; fails the test if it throws anything else or nothing. */
export function configErrorMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}
