import type { EngineStats } from "../../engine/inference-engine.ts";
import type { ModelInfo } from "../../model/model-info.ts";
import type { Phase } from "../../server/lifecycle.ts";

export function liveness(startedAt: number, now = Date.now()) {
  return {
    status: "alive" as const,
    timestamp: new Date(now).toISOString(),
    uptime_seconds: Math.round((now - startedAt) / 10) / 100,
  };
}

/** CPU use of this process (all threads) since the previous call, in % of one core. */
export function createCpuSampler() {
  let last = { usage: process.cpuUsage(), at: performance.now() };
  return () => {
    const now = { usage: process.cpuUsage(), at: performance.now() };
    const cpuMicros = now.usage.user - last.usage.user + (now.usage.system - last.usage.system);
    const wallMicros = (now.at - last.at) * 1000;
    last = now;
    return wallMicros <= 0 ? 0 : Math.round((cpuMicros / wallMicros) * 1000) / 10;
  };
}

export type ReadinessStatus = "ready" | "starting" | "degraded" | "draining";

/**
 * Ready only when every worker has loaded and warmed the model and the server is not draining;
 * `degraded` while a dead worker is being replaced.
 */
export function readinessStatus(
  phase: Phase,
  stats: Pick<EngineStats, "ready" | "size">,
): ReadinessStatus {
  if (phase === "draining") return "draining";
  if (phase === "starting") return "starting";
  return stats.ready < stats.size ? "degraded" : "ready";
}

/** The readiness answer: whether it is 200, and the body operators read. */
export function readiness(
  phase: Phase,
  inFlight: number,
  stats: EngineStats,
  model: ModelInfo | undefined,
  cpuPercent: number,
) {
  const status = readinessStatus(phase, stats);
  return {
    ready: status === "ready",
    body: {
      status,
      model_loaded: model !== undefined && stats.ready > 0,
      model_name: model?.name ?? null,
      model_version: model?.version ?? null,
      model_load_time_seconds: model?.loadTimeSeconds ?? null,
      memory_usage_mb: Math.round((process.memoryUsage.rss() / 1048576) * 10) / 10,
      cpu_percent: cpuPercent,
      workers: {
        total: stats.size,
        ready: stats.ready,
        busy: stats.busy,
        restarts: stats.restarts,
      },
      queue: { rows: stats.queuedRows, requests: stats.queuedRequests },
      in_flight: inFlight,
    },
  };
}
