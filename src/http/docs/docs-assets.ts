import swaggerUiPackage from "swagger-ui-dist/package.json" with { type: "json" };
import stylesPath from "swagger-ui-dist/swagger-ui.css" with { type: "file" };
import bundlePath from "swagger-ui-dist/swagger-ui-bundle.js" with { type: "file" };
import { docsInitScript } from "./docs-page.ts";

/** One file of the docs UI, served under /docs/{name}. */
export interface DocsAsset {
  contentType: string;
  /** The file's bytes, read on first use. */
  bytes(): Promise<Uint8Array>;
}

export const swaggerUiVersion: string = swaggerUiPackage.version;

const embedded = (path: string, contentType: string): DocsAsset => {
  let cached: Promise<Uint8Array> | undefined;
  return {
    contentType,
    bytes: () => {
      cached ??= Bun.file(path).bytes();
      return cached;
    },
  };
};

/**
 * Swagger UI's script and styles (embedded in the binary, so the docs work with no internet
 * access) and our own start-up script.
 */
export const docsAssets: Record<string, DocsAsset> = {
  "swagger-ui-bundle.js": embedded(bundlePath, "text/javascript; charset=utf-8"),
  "swagger-ui.css": embedded(stylesPath, "text/css; charset=utf-8"),
  "init.js": {
    contentType: "text/javascript; charset=utf-8",
    bytes: async () => new TextEncoder().encode(docsInitScript),
  },
};
