import { toOpenAPISchema, unwrapSchema } from "@elysiajs/openapi/openapi";
import type { AnyElysia } from "elysia";
import type { ModelInfo } from "../../model/model-info.ts";
import { timeoutHeader } from "../deadline.ts";
import { errorBody } from "../error.model.ts";
import { v2ErrorBody } from "../v2/v2.model.ts";

/** The parts of an OpenAPI operation this module completes. */
interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: {
    name: string;
    in: string;
    required?: boolean;
    description?: string;
    schema: unknown;
    example?: unknown;
  }[];
  requestBody?: {
    description?: string;
    required?: boolean;
    content?: Record<string, { schema?: unknown; example?: unknown }>;
  };
  responses?: Record<
    string,
    { description: string; content?: Record<string, { schema: unknown }> }
  >;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
}

/** When API keys are configured: which paths stay open without one. */
export interface DocumentedAuth {
  isPublic: (path: string) => boolean;
}

/** The two ways a client may present an API key (src/http/auth.ts). */
const securitySchemes = {
  bearer: { type: "http", scheme: "bearer", description: "Authorization: Bearer <API key>" },
  apiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "X-API-Key: <API key>" },
};

const openapiVersion = "3.1.0";

const tagDescriptions: Record<string, string> = {
  Predictions: "Predictions from named features, validated against the model's manifest",
  "Open Inference Protocol":
    "KServe v2 / Open Inference Protocol REST endpoints, for KServe, Triton and MLServer clients",
  Model: "What is being served",
  Health: "Liveness and readiness, for probes and load balancers",
  Metrics: "Prometheus exposition",
  Docs: "This document and its browsable UI",
};

/**
 * Every route of the app a plugin is mounted in: Elysia points a mounted plugin's (protected)
 * getGlobalRoutes at its root app; `routes` would list the plugin's own only.
 */
function globalRoutes(
  app: AnyElysia,
): { method: string; path: string; hooks: { body?: unknown } }[] {
  return (
    app as unknown as { getGlobalRoutes(): ReturnType<typeof globalRoutes> }
  ).getGlobalRoutes();
}

/** Elysia's `/v2/models/:name` as OpenAPI's `/v2/models/{name}`. */
export const openApiPath = (path: string) => path.replace(/:([^/]+)/g, "{$1}");

const json = (schema: unknown) => ({ "application/json": { schema } });

/**
 * Routes whose body a custom parse hook reads (ours: 413/415 as JSON) come out of Elysia's
 * generator with an empty request body content: put the JSON schema and its example back.
 */
function completeRequestBody(operation: Operation, body: unknown): void {
  if (
    operation.requestBody === undefined ||
    Object.keys(operation.requestBody.content ?? {}).length > 0
  )
    return;
  const schema = unwrapSchema(body as never, undefined, "input", openapiVersion) as
    | { examples?: unknown[] }
    | undefined;
  const example = schema?.examples?.[0];
  operation.requestBody.content = {
    "application/json": { schema, ...(example !== undefined && { example }) },
  };
}

/** Swagger UI fills a parameter in from the parameter's `example`, not its schema's. */
function completeParameterExamples(operation: Operation): void {
  for (const parameter of operation.parameters ?? []) {
    const example = (parameter.schema as { examples?: unknown[] } | undefined)?.examples?.[0];
    if (example !== undefined) parameter.example ??= example;
  }
}

/** An operation that can time out (504) lets the client ask for a shorter deadline. */
function completeTimeoutHeader(operation: Operation): void {
  if (operation.responses?.["504"] === undefined) return;
  operation.parameters ??= [];
  operation.parameters.push({
    name: timeoutHeader,
    in: "header",
    required: false,
    description: "A deadline shorter than the server's --request-timeout-ms, in milliseconds",
    schema: { type: "string", pattern: "^[0-9]{1,9}$", examples: ["250"] },
  });
}

const isOpenInferencePath = (path: string) => path === "/v2" || path.startsWith("/v2/");

/** Every operation says what it answers: a success, and the error body of any other status. */
function completeResponses(path: string, operation: Operation): void {
  operation.responses ??= {};
  const { responses } = operation;
  if (!Object.keys(responses).some((status) => status.startsWith("2"))) {
    responses["200"] = { description: operation.summary ?? "OK" };
  }
  const isV2 = isOpenInferencePath(path);
  responses.default ??= {
    description: isV2
      ? 'Any other error, as {"error": "..."}: 404 unknown route, 405 wrong method, 500 a real fault'
      : "Any other error: 404 unknown route, 405 wrong method, 500 a real fault",
    content: json(isV2 ? v2ErrorBody : errorBody),
  };
}

/**
 * The OpenAPI 3.1 document of every route the app answers (test-only routes hide themselves),
 * from the TypeBox schemas the routes declare: the request schemas are generated from the
 * model's manifest, so another model gets its own correct document.
 *
 * @example
 * const document = buildOpenApiDocument(app, model, "0.1.0");
 * document.paths["/api/v1/predict"].post.requestBody.content["application/json"].example // the manifest's example
 */
export function buildOpenApiDocument(
  app: AnyElysia,
  model: ModelInfo,
  appVersion: string,
  auth?: DocumentedAuth,
): OpenApiDocument {
  const generated = toOpenAPISchema(
    app,
    { staticFile: false },
    undefined,
    undefined,
    openapiVersion,
  );
  const paths = generated.paths as unknown as OpenApiDocument["paths"];
  for (const route of globalRoutes(app)) {
    const operation = paths[openApiPath(route.path)]?.[route.method.toLowerCase()];
    if (operation !== undefined && route.hooks.body !== undefined)
      completeRequestBody(operation, route.hooks.body);
  }
  const usedTags = new Set<string>();
  for (const [path, operations] of Object.entries(paths)) {
    for (const operation of Object.values(operations)) {
      completeParameterExamples(operation);
      completeTimeoutHeader(operation);
      completeResponses(path, operation);
      if (auth !== undefined && !auth.isPublic(path)) requireApiKey(path, operation);
      for (const tag of (operation as { tags?: string[] }).tags ?? []) usedTags.add(tag);
    }
  }
  return {
    openapi: openapiVersion,
    info: {
      title: "ml-serving",
      version: appVersion,
      description: [
        `Serves the model **${model.name}** version \`${model.version}\` (${model.task}, classes ${model.classes.map((label) => `\`${label}\``).join(", ")}).`,
        model.description ?? "",
        'Request schemas are generated from the model\'s manifest. Errors outside `/v2` are `{"error": {"code", "message", "details"}}`; under `/v2` they are `{"error": "..."}` as the Open Inference Protocol says.',
      ]
        .filter((part) => part !== "")
        .join("\n\n"),
    },
    tags: [...usedTags].map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    paths,
    components: {
      schemas: generated.components.schemas ?? {},
      ...(auth !== undefined && { securitySchemes }),
    },
  };
}

/** An operation behind API-key auth: either scheme will do, and 401 without one. */
function requireApiKey(path: string, operation: Operation): void {
  operation.security = [{ bearer: [] }, { apiKey: [] }];
  operation.responses ??= {};
  operation.responses["401"] ??= {
    description: "Missing or wrong API key (with a WWW-Authenticate challenge)",
    content: json(isOpenInferencePath(path) ? v2ErrorBody : errorBody),
  };
}
