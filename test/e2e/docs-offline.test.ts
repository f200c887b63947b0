import { afterAll, beforeAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { type ServerProcess, startServer } from "../support/server-process.ts";

// Debian's chromium package (.ci/run installs it); Playwright's own browser downloads are not used.
const chromiumPath = "/usr/bin/chromium";
const loopback = new Set(["127.0.0.1", "localhost", "[::1]"]);

let workDir: string;
let server: ServerProcess;
let browser: BrowserContext;
beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "ml-serving-docs-"));
  // Started from an empty directory: whatever the page loads must come out of the binary.
  server = await startServer({ cwd: workDir });
  browser = await chromium.launchPersistentContext(join(workDir, "profile"), {
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Belt and braces: no name resolves but the server's own address.
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ],
  });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  expect(await server.stop()).toBe(0);
  rmSync(workDir, { recursive: true, force: true });
});

test("GET /docs renders every endpoint in headless Chromium with no network, and Try it out works", async () => {
  const external: string[] = [];
  const requested: string[] = [];
  const errors: string[] = [];
  await browser.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || loopback.has(url.hostname)) return route.continue();
    external.push(url.href);
    return route.abort("internetdisconnected");
  });
  const page = await browser.newPage();
  page.on("request", (request) => requested.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));

  const response = await page.goto(`${server.url}/docs`);
  expect(response?.status()).toBe(200);
  await page.locator(".opblock-summary-path").first().waitFor({ timeout: 30_000 });

  // The rendered endpoint list is the document's, all of it.
  const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
  );
  const rendered = await page
    .locator(".opblock")
    .evaluateAll((blocks) =>
      blocks.map(
        (block) =>
          `${block.querySelector(".opblock-summary-method")?.textContent} ${block.querySelector(".opblock-summary-path")?.getAttribute("data-path")}`,
      ),
    );
  expect(rendered.sort()).toEqual(documented.sort());
  for (const route of [
    "POST /api/v1/predict",
    "POST /api/v1/predict/batch",
    "GET /v2/models/{name}",
    "POST /v2/models/{name}/infer",
  ]) {
    expect(rendered).toContain(route);
  }
  await expect(page.locator(".info .title").textContent()).resolves.toContain("ml-serving");

  // Try it out on the v2 inference route: the documented example, sent from the page.
  const infer = page.locator(".opblock-post", {
    has: page.locator('[data-path="/v2/models/{name}/infer"]'),
  });
  await infer.locator(".opblock-summary").click();
  await infer.locator("button.try-out__btn").click();
  await infer.locator("button.execute").click();
  const status = infer.locator(".live-responses-table tbody .response-col_status").first();
  await status.waitFor({ timeout: 30_000 });
  expect((await status.textContent())?.trim()).toBe("200");
  const answer = JSON.parse(
    (await infer.locator(".live-responses-table tbody .microlight").first().textContent()) ?? "{}",
  );
  expect(answer).toMatchObject({ model_name: "churn", id: "42" });
  expect(answer.outputs.map((output: { name: string }) => output.name)).toEqual([
    "probabilities",
    "label",
  ]);

  await page.setViewportSize({ width: 1280, height: 1400 });
  await infer.locator(".opblock-section-request-body").first().scrollIntoViewIfNeeded();
  // Kept for a person to look at (the test's own directory is removed).
  const screenshot = join(mkdtempSync(join(tmpdir(), "ml-serving-docs-screenshot-")), "docs.png");
  await page.screenshot({ path: screenshot });
  expect(statSync(screenshot).size).toBeGreaterThan(20_000);
  console.log(`docs screenshot: ${screenshot}`);

  expect(external).toEqual([]);
  expect(
    requested.filter((url) => !url.startsWith(server.url) && !url.startsWith("data:")),
  ).toEqual([]);
  expect(requested).toContain(`${server.url}/docs/swagger-ui-bundle.js`);
  expect(requested).toContain(`${server.url}/openapi.json`);
  expect(errors).toEqual([]);
}, 90_000);
