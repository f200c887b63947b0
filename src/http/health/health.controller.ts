import { Elysia } from "elysia";
import type { AppDeps } from "../app-deps.ts";
import { createCpuSampler, liveness, readiness } from "./health.service.ts";

/** GET /health (liveness) and GET /health/ready (readiness). */
export function healthController(deps: Pick<AppDeps, "lifecycle" | "engine" | "model">) {
  const cpuPercent = createCpuSampler();
  return new Elysia({ name: "health" })
    .get("/health", () => liveness(deps.lifecycle.startedAt), {
      detail: { tags: ["Health"], summary: "Liveness: 200 while the process runs" },
    })
    .get(
      "/health/ready",
      ({ set }) => {
        const { ready, body } = readiness(
          deps.lifecycle.phase,
          deps.lifecycle.inFlight(),
          deps.engine.stats(),
          deps.model,
          cpuPercent(),
        );
        set.status = ready ? 200 : 503;
        return body;
      },
      {
        detail: {
          tags: ["Health"],
          summary:
            "Readiness: 200 when every worker is warm and the server is not draining, else 503",
        },
      },
    );
}
