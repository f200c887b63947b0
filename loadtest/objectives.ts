import type { Options } from "k6/options";
import { stressSteps } from "./scenarios.ts";
import type { Settings } from "./settings.ts";

/**
 * The service objectives a run must meet, each overridable from the environment. The defaults
 * suit a small VM (2 cores) at the load it is sized for; set your own from your SLOs.
 */
export interface Objectives {
  /** SLO_ERROR_RATE: share of requests that may fail (any non-2xx, 503 sheds included). */
  errorRate: number;
  /** SLO_SINGLE_P95_MS, SLO_SINGLE_P99_MS: POST /api/v1/predict latency. */
  singleP95Ms: number;
  singleP99Ms: number;
  /** SLO_BATCH_P95_MS, SLO_BATCH_P99_MS: POST /api/v1/predict/batch latency (5–20 items). */
  batchP95Ms: number;
  batchP99Ms: number;
  /** SLO_READY_P99_MS: GET /health/ready latency (a load balancer's probe must not time out). */
  readyP99Ms: number;
}

const defaults: Objectives = {
  errorRate: 0.01,
  singleP95Ms: 25,
  singleP99Ms: 50,
  batchP95Ms: 50,
  batchP99Ms: 100,
  readyP99Ms: 50,
};

const envNames: Record<keyof Objectives, string> = {
  errorRate: "SLO_ERROR_RATE",
  singleP95Ms: "SLO_SINGLE_P95_MS",
  singleP99Ms: "SLO_SINGLE_P99_MS",
  batchP95Ms: "SLO_BATCH_P95_MS",
  batchP99Ms: "SLO_BATCH_P99_MS",
  readyP99Ms: "SLO_READY_P99_MS",
};

export function readObjectives(env: Record<string, string>): Objectives {
  const objectives = { ...defaults };
  for (const key of Object.keys(envNames) as (keyof Objectives)[]) {
    const raw = env[envNames[key]];
    if (raw === undefined || raw === "") continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`${envNames[key]} must be a positive number, got "${raw}"`);
    objectives[key] = value;
  }
  return objectives;
}

/**
 * k6 thresholds from the objectives: a breach makes `k6 run` exit non-zero. Latency is per
 * request type (the `type` tag); stress also reports each step, so the knee shows in the summary.
 */
export function thresholdsFor(
  settings: Settings,
  objectives: Objectives,
): NonNullable<Options["thresholds"]> {
  const thresholds: NonNullable<Options["thresholds"]> = {
    http_req_failed: [`rate<${objectives.errorRate}`],
    checks: [`rate>${1 - objectives.errorRate}`],
    "http_req_duration{type:single}": [
      `p(95)<${objectives.singleP95Ms}`,
      `p(99)<${objectives.singleP99Ms}`,
    ],
    "http_req_duration{type:batch}": [
      `p(95)<${objectives.batchP95Ms}`,
      `p(99)<${objectives.batchP99Ms}`,
    ],
    "http_req_duration{type:ready}": [`p(99)<${objectives.readyP99Ms}`],
    // Always true: declared so that the summary carries these sub-metrics.
    "http_req_failed{type:single}": ["rate>=0"],
    "http_req_failed{type:batch}": ["rate>=0"],
    "shed{type:single}": ["rate>=0"],
    "shed{type:batch}": ["rate>=0"],
  };
  if (settings.scenario === "load" || settings.scenario === "soak") {
    // k6 could not start an iteration on time: the server is too slow for the offered rate.
    thresholds.dropped_iterations = ["count<1"];
  }
  if (settings.scenario === "stress") {
    for (const step of stressSteps(settings)) {
      thresholds[`http_req_duration{type:single,step:${step.index}}`] = ["max>=0"];
      thresholds[`http_req_failed{step:${step.index}}`] = ["rate>=0"];
      thresholds[`shed{step:${step.index}}`] = ["rate>=0"];
    }
  }
  return thresholds;
}
