import { Type as T } from "@sinclair/typebox";
import { type AnyElysia, Elysia } from "elysia";
import { NotFoundError } from "../../errors.ts";
import { createPathMatcher } from "../../security/path-matcher.ts";
import { appVersion } from "../../version.ts";
import type { AppDeps } from "../app-deps.ts";
import { docsAssets, swaggerUiVersion } from "./docs-assets.ts";
import { docsContentSecurityPolicy, docsPage } from "./docs-page.ts";
import { buildOpenApiDocument, type OpenApiDocument } from "./openapi-document.ts";

const tags = ["Docs"];

/** Gzip once, on first use: Swagger UI's script is 1.7 MB and about 0.5 MB gzipped. */
function createCompressedCache() {
  const cache = new Map<string, Promise<Uint8Array>>();
  return (name: string, bytes: () => Promise<Uint8Array>) => {
    let compressed = cache.get(name);
    if (compressed === undefined) {
      compressed = bytes().then((raw) => Bun.gzipSync(raw as Uint8Array<ArrayBuffer>));
      cache.set(name, compressed);
    }
    return compressed;
  };
}

/**
 * GET /openapi.json (the OpenAPI 3.1 document of every route, built once on first request, when
 * every route is registered) and GET /docs (Swagger UI, its files embedded in the binary).
 */
export function docsController(deps: Pick<AppDeps, "model" | "config" | "security">) {
  let document: OpenApiDocument | undefined;
  const documentedAuth =
    deps.security.apiKeys.length > 0
      ? { isPublic: createPathMatcher(deps.config.publicPaths) }
      : undefined;
  const gzipped = createCompressedCache();
  const plugin: AnyElysia = new Elysia({ name: "docs" })
    .get(
      "/openapi.json",
      () => {
        // The plugin sees the routes of the whole app it is mounted in.
        document ??= buildOpenApiDocument(plugin, deps.model, appVersion, documentedAuth);
        return document;
      },
      { detail: { tags, summary: "This OpenAPI 3.1 document" } },
    )
    .get(
      "/docs",
      () =>
        new Response(docsPage(`ml-serving API: ${deps.model.name}`), {
          headers: {
            "content-type": "text/html; charset=utf-8",
            "content-security-policy": docsContentSecurityPolicy,
            "x-content-type-options": "nosniff",
          },
        }),
      {
        detail: {
          tags,
          summary: "Browsable API docs (Swagger UI), working with no internet access",
        },
      },
    )
    .get(
      "/docs/:asset",
      async ({ params, request }) => {
        const asset = docsAssets[params.asset];
        if (asset === undefined) throw new NotFoundError("No such docs file");
        const gzip = /\bgzip\b/.test(request.headers.get("accept-encoding") ?? "");
        const body = gzip ? await gzipped(params.asset, asset.bytes) : await asset.bytes();
        return new Response(body as Uint8Array<ArrayBuffer>, {
          headers: {
            "content-type": asset.contentType,
            "cache-control": "public, max-age=3600",
            "x-content-type-options": "nosniff",
            vary: "accept-encoding",
            ...(gzip && { "content-encoding": "gzip" }),
          },
        });
      },
      {
        params: T.Object({
          asset: T.String({
            enum: Object.keys(docsAssets),
            description: `Swagger UI ${swaggerUiVersion} files`,
          }),
        }),
        detail: { tags, summary: "The docs UI's script and styles" },
      },
    );
  return plugin;
}
