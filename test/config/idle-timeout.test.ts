import { expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../../src/config/load-config.ts";

// Bun checks idle timeouts on a 4 s tick and cuts a request whose handler has not answered:
// the idle timeout must exceed the request deadline by more than a tick.
test.each([
  [["--request-timeout-ms", "5000", "--idle-timeout-s", "10"], 10],
  [["--request-timeout-ms", "1500", "--idle-timeout-s", "6"], 6],
  [[], 30],
])("accepted: %p", (argv, idle) => {
  expect(loadConfig(argv, {}).idleTimeoutS).toBe(idle);
});

test.each([
  [["--request-timeout-ms", "5000", "--idle-timeout-s", "9"]],
  [["--request-timeout-ms", "5000", "--idle-timeout-s", "6"]],
  [["--request-timeout-ms", "30000"]],
])("refused: %p", (argv) => {
  expect(() => loadConfig(argv, {})).toThrow(ConfigError);
});

test("the message says why", () => {
  expect(() => loadConfig(["--idle-timeout-s", "8"], {})).toThrow(
    "--idle-timeout-s (8 s) must be more than 4 s longer than --request-timeout-ms (5000 ms)",
  );
});
