// onnxruntime 1.30 collects telemetry on Linux (a device id and event database under
// ~/.cache/Microsoft/DeveloperTools/, a /tmp/mat-debug-<pid>.log, uploads to Microsoft).
// ml-serving turns it off unless the operator opts in.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { postJson, startServer } from "../support/server-process.ts";
import { churnExample } from "../utils.ts";

let home: string;
beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), "ml-serving-home-"));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const telemetryFiles = () => readdirSync(home, { recursive: true }).map(String);
const debugLog = (pid: number) => existsSync(`/tmp/mat-debug-${pid}.log`);

test("by default onnxruntime writes no telemetry files", async () => {
  const server = await startServer({ env: { HOME: home } });
  const pid = server.process.pid;
  expect((await postJson(`${server.url}/api/v1/predict`, churnExample)).status).toBe(200);
  expect(await server.stop()).toBe(0);
  expect(telemetryFiles().filter((path) => path.includes("Microsoft"))).toEqual([]);
  expect(debugLog(pid)).toBe(false);
}, 30_000);

test("an operator who sets ORT_DISABLE_TELEMETRY=0 gets onnxruntime's default back", async () => {
  const server = await startServer({ env: { HOME: home, ORT_DISABLE_TELEMETRY: "0" } });
  const pid = server.process.pid;
  expect(await server.stop()).toBe(0);
  // The control: proves the check above would see the files if they were written.
  expect(telemetryFiles().some((path) => path.includes(".onnxruntime"))).toBe(true);
  rmSync(`/tmp/mat-debug-${pid}.log`, { force: true });
}, 30_000);
