import { Elysia } from "elysia";
import type { AppDeps } from "./app-deps.ts";
import { apiKeyAuth } from "./auth.ts";
import { corsPolicy } from "./cors.ts";

/**
 * CORS, then API-key authentication: a browser's preflight is answered before it could be
 * refused for carrying no key, and a 401 still carries the CORS headers the browser needs to
 * read it. Keys and origins come from `deps.security` (read and checked at start-up by
 * prepareSecurity).
 *
 * @example
 * new Elysia().use(httpSecurity(deps))
 */
export function httpSecurity(deps: Pick<AppDeps, "config" | "security">) {
  const { config, security } = deps;
  return new Elysia({ name: "http-security" })
    .use(corsPolicy(security.corsOrigins))
    .use(apiKeyAuth({ keys: security.apiKeys, publicPaths: config.publicPaths }));
}
