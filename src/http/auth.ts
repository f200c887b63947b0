import { Elysia } from "elysia";
import { UnauthorizedError } from "../errors.ts";
import { createKeyMatcher } from "../security/key-matcher.ts";
import { createPathMatcher } from "../security/path-matcher.ts";
import { pathOf } from "./path-of.ts";

export interface AuthOptions {
  /** Every accepted API key; none: auth is off and the plugin does nothing. */
  keys: readonly string[];
  /** Paths that need no key (a trailing `*` matches a prefix). */
  publicPaths: readonly string[];
}

const bearer = /^Bearer +(\S+) *$/i;

/** The credentials a request carries: `Authorization: Bearer <key>` and `X-API-Key: <key>`. */
export function presentedKeys(headers: Headers): string[] {
  const keys: string[] = [];
  const token = bearer.exec(headers.get("authorization") ?? "")?.[1];
  if (token !== undefined) keys.push(token);
  const apiKey = headers.get("x-api-key")?.trim();
  if (apiKey) keys.push(apiKey);
  return keys;
}

/**
 * API-key authentication, checked when a request arrives (before routing and before the body
 * is read, so an unauthenticated client learns nothing about routes and costs nothing): every
 * path outside `publicPaths` needs one of `keys`, or gets 401 with `WWW-Authenticate`. Keys are
 * compared in constant time and never logged.
 *
 * @example
 * new Elysia().use(apiKeyAuth({ keys: ["k3y-0123456789abcdef"], publicPaths: ["/health"] }))
 */
export function apiKeyAuth(options: AuthOptions) {
  const plugin = new Elysia({ name: "auth", seed: options.publicPaths });
  if (options.keys.length === 0) return plugin;
  const isKey = createKeyMatcher(options.keys);
  const isPublic = createPathMatcher(options.publicPaths);
  return plugin.onRequest(({ request }) => {
    if (isPublic(pathOf(request.url))) return;
    const presented = presentedKeys(request.headers);
    if (presented.length === 0) throw new UnauthorizedError();
    if (!presented.some(isKey))
      throw new UnauthorizedError("The API key is not valid", "invalid_token");
  });
}
