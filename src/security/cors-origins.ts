import { ConfigError } from "../config/load-config.ts";

/**
 * Checks `--cors-origins`: each an origin as browsers send it (`https://app.example.com`,
 * `http://localhost:3000`: scheme, host, optional port, nothing after), or `*` alone for any
 * origin. Returns the origins in the form browsers send them (lower case, no default port).
 *
 * @example
 * corsOrigins(["https://App.example.com:443"]) // ["https://app.example.com"]
 */
export function corsOrigins(configured: readonly string[]): string[] {
  if (configured.includes("*")) {
    if (configured.length > 1)
      throw new ConfigError("--cors-origins: * allows every origin; give it alone");
    return ["*"];
  }
  return configured.map((origin) => {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      throw new ConfigError(
        `--cors-origins: "${origin}" is not an origin such as https://app.example.com`,
      );
    }
    const bare = url.pathname === "/" && url.search === "" && url.hash === "";
    if (
      (url.protocol !== "http:" && url.protocol !== "https:") ||
      !bare ||
      url.username !== "" ||
      url.password !== ""
    ) {
      throw new ConfigError(
        `--cors-origins: "${origin}" is not an origin such as https://app.example.com (scheme and host, no path)`,
      );
    }
    return url.origin;
  });
}
