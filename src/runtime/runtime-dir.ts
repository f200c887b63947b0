import { userInfo } from "node:os";
import { join } from "node:path";

/**
 * Where the binary keeps its unpacked runtime files, first match wins: --runtime-dir; systemd's
 * CacheDirectory= ($CACHE_DIRECTORY); $XDG_CACHE_HOME/ml-serving; ~/.cache/ml-serving; for root
 * without a home, /var/cache/ml-serving. Never /tmp: it is often mounted noexec.
 */
export function resolveRuntimeDir(
  configured: string | undefined,
  env: Record<string, string | undefined>,
  uid = process.getuid?.() ?? -1,
): string {
  if (configured) return configured;
  const systemdCache = env.CACHE_DIRECTORY?.split(":")[0];
  if (systemdCache) return systemdCache;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "ml-serving");
  if (env.HOME) return join(env.HOME, ".cache", "ml-serving");
  if (uid === 0) return "/var/cache/ml-serving";
  const home = userInfo().homedir;
  if (home) return join(home, ".cache", "ml-serving");
  throw new Error("no place for runtime files: set --runtime-dir (ML_SERVING_RUNTIME_DIR)");
}
