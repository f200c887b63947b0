/** Which methods each route path answers, to tell 405 (known path) from 404 (unknown path). */
export interface RouteTable {
  /** The methods registered for a concrete request path; empty when no route matches it. */
  methodsFor(path: string): string[];
  /** The route template (e.g. `/v2/models/:name`) a concrete path matches, if any. */
  templateFor(path: string): string | undefined;
}

function toPattern(template: string): RegExp {
  const source = template
    .split("/")
    .map((part) =>
      part.startsWith(":")
        ? "[^/]+"
        : part === "*"
          ? ".*"
          : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${source}/?$`);
}

/**
 * @example
 * const table = createRouteTable([{ method: "POST", path: "/api/v1/predict" }]);
 * table.methodsFor("/api/v1/predict"); // ["POST"]
 */
export function createRouteTable(routes: readonly { method: string; path: string }[]): RouteTable {
  const byTemplate = new Map<string, Set<string>>();
  for (const route of routes) {
    if (route.method === "ALL" || route.method === "OPTIONS") continue;
    const methods = byTemplate.get(route.path) ?? new Set<string>();
    methods.add(route.method);
    if (route.method === "GET") methods.add("HEAD");
    byTemplate.set(route.path, methods);
  }
  const compiled = [...byTemplate].map(([template, methods]) => ({
    template,
    pattern: toPattern(template),
    methods: [...methods].sort(),
  }));
  // Static templates first, so `/v2/health/live` wins over `/v2/models/:name`.
  compiled.sort((a, b) => Number(a.template.includes(":")) - Number(b.template.includes(":")));
  const find = (path: string) => compiled.find((route) => route.pattern.test(path));
  return {
    methodsFor: (path) => find(path)?.methods ?? [],
    templateFor: (path) => find(path)?.template,
  };
}
