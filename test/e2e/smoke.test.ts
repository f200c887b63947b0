import { afterAll, beforeAll, expect, test } from "bun:test";
import { type ServerProcess, startServer } from "../support/server-process.ts";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer();
}, 60_000);
afterAll(async () => {
  expect(await server.stop()).toBe(0);
});

test("the compiled binary answers readiness and a prediction over a socket", async () => {
  const ready = await fetch(`${server.url}/health/ready`);
  expect(ready.status).toBe(200);
  const model = (await (await fetch(`${server.url}/api/v1/model`)).json()) as {
    example?: unknown;
    name: string;
  };
  expect(typeof model.name).toBe("string");
});
