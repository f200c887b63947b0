/** Drops one trailing slash, as the router does ("/health/" routes like "/health"). */
const withoutTrailingSlash = (path: string) =>
  path.length > 1 && path.endsWith("/") ? path.slice(0, -1) : path;

/**
 * Whether a request path is one of `patterns`: an exact path, or a prefix when the pattern ends
 * in `*`. Paths arrive with dot segments already resolved (Bun normalises request URLs) and are
 * compared as sent, so a percent-encoded variant of a public path is not public (and does not
 * route to it either).
 *
 * @example
 * const isPublic = createPathMatcher(["/health", "/docs*"]);
 * isPublic("/health")       // true
 * isPublic("/docs/app.css") // true
 * isPublic("/api/v1/model") // false
 */
export function createPathMatcher(patterns: readonly string[]): (path: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of patterns) {
    if (pattern.endsWith("*")) prefixes.push(pattern.slice(0, -1));
    else exact.add(withoutTrailingSlash(pattern));
  }
  return (path) =>
    exact.has(withoutTrailingSlash(path)) || prefixes.some((prefix) => path.startsWith(prefix));
}
