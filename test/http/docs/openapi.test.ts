import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import { openApiPath } from "../../../src/http/docs/openapi-document.ts";
import { createInProcessApp, type InProcessApp } from "../../support/in-process-app.ts";
import { request } from "../../utils.ts";

type Schema = Record<string, unknown> & { examples?: unknown[] };
interface MediaType {
  schema: Schema;
  example?: unknown;
}
interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: { name: string; in: string; schema: Schema; example?: unknown }[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string; description: string };
  paths: Record<string, Record<string, Operation>>;
}

let served: InProcessApp;
let document: Document;
beforeAll(async () => {
  // With the test-only fault routes mounted: they must hide themselves from the document.
  served = await createInProcessApp([], { faultHooks: true });
  const response = await served.app.handle(request("/openapi.json"));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toStartWith("application/json");
  document = (await response.json()) as Document;
});
afterAll(() => served.close());

const operations = () =>
  Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ path, method, operation })),
  );

/** Every schema object in the document: parameters, request bodies, responses. */
function schemas(): { where: string; schema: Schema }[] {
  return operations().flatMap(({ path, method, operation }) => [
    ...(operation.parameters ?? []).map((parameter) => ({
      where: `${method} ${path} parameter ${parameter.name}`,
      schema: parameter.schema,
    })),
    ...Object.values(operation.requestBody?.content ?? {}).map((media) => ({
      where: `${method} ${path} request`,
      schema: media.schema,
    })),
    ...Object.entries(operation.responses).flatMap(([status, response]) =>
      Object.values(response.content ?? {}).map((media) => ({
        where: `${method} ${path} ${status}`,
        schema: media.schema,
      })),
    ),
  ]);
}

describe("GET /openapi.json", () => {
  test("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.description).toContain(served.model.version);
  });

  test("every schema in it is valid JSON Schema 2020-12 (the OpenAPI validator does not look inside)", () => {
    const ajv = new Ajv2020({ strict: false });
    const found = schemas();
    expect(found.length).toBeGreaterThan(40);
    for (const { where, schema } of found) {
      const valid = ajv.validateSchema(schema);
      expect({ where, errors: valid ? [] : ajv.errors }).toEqual({ where, errors: [] });
    }
  });

  test("documents every route the server answers, except the hidden test-only routes", () => {
    const routes = served.app.routes.map((route) => ({ method: route.method, path: route.path }));
    expect(routes).toContainEqual({ method: "POST", path: "/__test/fault" });
    const missing = routes.filter(
      ({ method, path }) =>
        !path.startsWith("/__test/") &&
        document.paths[openApiPath(path)]?.[method.toLowerCase()] === undefined,
    );
    expect(missing).toEqual([]);
    expect(Object.keys(document.paths).filter((path) => path.startsWith("/__test"))).toEqual([]);
    for (const path of ["/api/v1/predict", "/v2/models/{name}/infer", "/openapi.json", "/docs"]) {
      expect(Object.keys(document.paths)).toContain(path);
    }
  });

  test("every operation has a summary, a tag, a success response and the error body of other statuses", () => {
    for (const { path, method, operation } of operations()) {
      const where = `${method} ${path}`;
      expect({ where, summary: typeof operation.summary }).toEqual({ where, summary: "string" });
      expect({ where, tags: (operation.tags ?? []).length }).toEqual({ where, tags: 1 });
      const statuses = Object.keys(operation.responses);
      expect({ where, success: statuses.some((status) => status.startsWith("2")) }).toEqual({
        where,
        success: true,
      });
      const errorSchema = operation.responses.default?.content?.["application/json"]?.schema;
      expect({ where, hasError: errorSchema !== undefined }).toEqual({ where, hasError: true });
      const errorField = (errorSchema?.properties as Record<string, Schema> | undefined)?.error;
      expect({ where, type: errorField?.type }).toEqual({
        where,
        type: path.startsWith("/v2") ? "string" : "object",
      });
    }
  });

  test("the inference routes list every error status they can answer", () => {
    const statuses = (path: string) =>
      Object.keys(document.paths[path]?.post?.responses ?? {}).sort();
    const common = ["200", "400", "401", "413", "415", "500", "503", "504", "default"];
    expect(statuses("/api/v1/predict")).toEqual([...common, "422"].sort());
    expect(statuses("/api/v1/predict/batch")).toEqual([...common, "422"].sort());
    expect(statuses("/v2/models/{name}/infer")).toEqual([...common, "404"].sort());
    expect(statuses("/v2/models/{name}/versions/{version}/infer")).toEqual(
      [...common, "404"].sort(),
    );
    expect(Object.keys(document.paths["/v2/models/{name}"]?.get?.responses ?? {}).sort()).toEqual([
      "200",
      "404",
      "default",
    ]);
    const timeout = document.paths["/v2/models/{name}/infer"]?.post?.parameters?.find(
      (p) => p.in === "header",
    );
    expect(timeout?.name).toBe("x-request-timeout-ms");
  });

  test("the predict request schema is generated from the manifest, with its example", () => {
    const media = document.paths["/api/v1/predict"]?.post?.requestBody?.content["application/json"];
    const features = served.manifest.features.map((feature) => feature.name);
    expect(Object.keys(media?.schema.properties as object)).toEqual(features);
    expect(media?.schema.required).toEqual(features);
    expect(media?.schema.additionalProperties).toBe(false);
    expect(
      (media?.schema.properties as Record<string, Schema> | undefined)?.tenure_months,
    ).toMatchObject({
      type: "integer",
      minimum: 0,
      maximum: 120,
    });
    expect(media?.example).toEqual(served.manifest.example);
  });

  test("the v2 request schema describes the model's input tensor and every column", () => {
    const media =
      document.paths["/v2/models/{name}/infer"]?.post?.requestBody?.content["application/json"];
    const inputs = (media?.schema.properties as Record<string, Schema> | undefined)?.inputs;
    const input = ((inputs?.items as Schema | undefined)?.properties ?? {}) as Record<
      string,
      Schema
    >;
    expect(input.shape?.description).toBe("[N, 11] with N from 1 to 100");
    expect(input.data?.description).toContain(
      "10: payment_method (1 if payment_method is credit, else 0)",
    );
    const parameters = document.paths["/v2/models/{name}/infer"]?.post?.parameters ?? [];
    expect(parameters.find((p) => p.name === "name")?.example).toBe("churn");
  });

  test("the documented examples are accepted by the server and by their own schemas", async () => {
    const ajv = new Ajv2020({ strict: false });
    for (const [path, url] of [
      ["/api/v1/predict", "/api/v1/predict"],
      ["/api/v1/predict/batch", "/api/v1/predict/batch"],
      ["/v2/models/{name}/infer", "/v2/models/churn/infer"],
    ] as const) {
      const media = document.paths[path]?.post?.requestBody?.content["application/json"];
      expect(media?.example).toBeDefined();
      expect({ path, valid: ajv.validate(media?.schema ?? {}, media?.example) }).toEqual({
        path,
        valid: true,
      });
      const response = await served.app.handle(request(url, { body: media?.example }));
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      const responseSchema =
        document.paths[path]?.post?.responses["200"]?.content?.["application/json"]?.schema;
      expect({ path, valid: ajv.validate(responseSchema ?? {}, await response.json()) }).toEqual({
        path,
        valid: true,
      });
    }
  });

  test("is the same document on every request", async () => {
    const again = await (await served.app.handle(request("/openapi.json"))).json();
    expect(again).toEqual(document);
  });
});

describe("GET /docs", () => {
  test("serves the page with a policy that allows nothing from elsewhere", async () => {
    const response = await served.app.handle(request("/docs"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    const html = await response.text();
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(urls).toEqual([
      "data:,",
      "/docs/swagger-ui.css",
      "/docs/swagger-ui-bundle.js",
      "/docs/init.js",
    ]);
  });

  test("serves Swagger UI's files, gzipped when asked", async () => {
    const plain = await served.app.handle(request("/docs/swagger-ui-bundle.js"));
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const bytes = new Uint8Array(await plain.arrayBuffer());
    expect(new TextDecoder().decode(bytes)).toContain("SwaggerUIBundle");
    const gzipped = await served.app.handle(
      request("/docs/swagger-ui-bundle.js", { headers: { "accept-encoding": "gzip, deflate" } }),
    );
    expect(gzipped.headers.get("content-encoding")).toBe("gzip");
    const compressed = new Uint8Array(await gzipped.arrayBuffer());
    expect(compressed.byteLength).toBeLessThan(bytes.byteLength / 2);
    expect(Bun.gunzipSync(compressed)).toEqual(bytes);
    const css = await served.app.handle(request("/docs/swagger-ui.css"));
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const init = await (await served.app.handle(request("/docs/init.js"))).text();
    expect(init).toContain('url: "/openapi.json"');
    expect(init).toContain("validatorUrl: null");
  });

  test("an unknown docs file is a JSON 404", async () => {
    const response = await served.app.handle(request("/docs/../../etc/passwd"));
    expect(response.status).toBe(404);
    const missing = await served.app.handle(request("/docs/index.html"));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});

describe("GET /openapi.json with API keys configured", () => {
  let secured: InProcessApp;
  let doc: Document & {
    components: { securitySchemes?: Record<string, { type: string }> };
    paths: Record<string, Record<string, Operation & { security?: unknown }>>;
  };
  beforeAll(async () => {
    secured = await createInProcessApp(["--api-keys", "docs-test-key"]);
    // The document itself is a public path by default: no key needed to read it.
    const response = await secured.app.handle(request("/openapi.json"));
    expect(response.status).toBe(200);
    doc = (await response.json()) as typeof doc;
  });
  afterAll(() => secured.close());

  test("declares both ways to send a key and stays a valid document", async () => {
    expect(Object.keys(doc.components.securitySchemes ?? {}).sort()).toEqual(["apiKey", "bearer"]);
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
  });

  test("protected operations require a key and document the 401; public paths do not", () => {
    const predict = doc.paths["/api/v1/predict"]?.post;
    expect(predict?.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
    expect(predict?.responses["401"]?.description).toContain("API key");
    expect(doc.paths["/v2/models/{name}/infer"]?.post?.security).toBeDefined();
    for (const open of [
      "/health",
      "/health/ready",
      "/metrics",
      "/openapi.json",
      "/v2/health/live",
    ]) {
      expect({ open, security: doc.paths[open]?.get?.security }).toEqual({
        open,
        security: undefined,
      });
    }
  });

  test("without keys the document asks for none", () => {
    expect(JSON.stringify(document)).not.toContain('"security"');
  });
});
