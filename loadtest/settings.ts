// Everything a run can change, from environment variables (`k6 run -e NAME=value` or the shell).

export const scenarioNames = ["smoke", "load", "stress", "soak"] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export interface Settings {
  /** BASE_URL: where ml-serving listens. */
  baseUrl: string;
  /** SCENARIO: smoke, load, stress or soak. */
  scenario: ScenarioName;
  /** RATE: iterations (requests) per second for load and soak; where stress starts. */
  rate: number;
  /** MAX_RATE: the rate stress ramps up to. */
  maxRate: number;
  /** STAGES: how many steps stress takes from RATE to MAX_RATE. */
  stages: number;
  /** DURATION (e.g. 90s, 5m, 2h): how long smoke, load and soak run; for stress, each step. */
  durationS: number;
  /** VUS: virtual users k6 prepares (arrival-rate scenarios start more up to MAX_VUS). */
  vus: number;
  maxVus: number;
  /** API_KEY: sent as `Authorization: Bearer …` when set. */
  apiKey: string | undefined;
  /** BATCH_SHARE: share of requests that are batches (the rest are single predictions). */
  batchShare: number;
  /** BATCH_MIN, BATCH_MAX: items per batch request. */
  batchMin: number;
  batchMax: number;
  /** READY_EVERY: seconds between readiness checks. */
  readyEvery: number;
  /** REQUEST_TIMEOUT: k6's per-request timeout. */
  requestTimeout: string;
  /** SEED: payloads are reproducible per seed and VU. */
  seed: number;
  /** SUMMARY_FILE: where handleSummary writes its JSON. */
  summaryFile: string;
}

function number(env: Record<string, string>, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number >= ${min}, got "${raw}"`);
  return value;
}

function scenarioName(raw: string | undefined): ScenarioName {
  const name = raw === undefined || raw === "" ? "smoke" : raw;
  if ((scenarioNames as readonly string[]).includes(name)) return name as ScenarioName;
  throw new Error(`SCENARIO must be one of ${scenarioNames.join(", ")}, got "${name}"`);
}

/** "90s", "5m", "1h30m" → seconds. */
export function durationSeconds(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (match === null || text.trim() === "")
    throw new Error(`DURATION must look like 90s, 5m or 1h30m, got "${text}"`);
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  if (total < 1) throw new Error(`DURATION must be at least 1s, got "${text}"`);
  return total;
}

const defaultDuration: Record<ScenarioName, string> = {
  smoke: "15s",
  load: "5m",
  stress: "1m",
  soak: "2h",
};

/** Reads and checks the environment; a bad value stops the run before any request. */
export function readSettings(env: Record<string, string>): Settings {
  const scenario = scenarioName(env.SCENARIO);
  const rate = number(env, "RATE", scenario === "stress" ? 100 : 200, 1);
  const vus = number(env, "VUS", 50, 1);
  const batchMin = number(env, "BATCH_MIN", 5, 1);
  const batchMax = number(env, "BATCH_MAX", 20, batchMin);
  const batchShare = number(env, "BATCH_SHARE", 0.2);
  if (batchShare > 1) throw new Error(`BATCH_SHARE must be between 0 and 1, got ${batchShare}`);
  return {
    baseUrl: (env.BASE_URL || "http://localhost:8000").replace(/\/+$/, ""),
    scenario,
    rate,
    maxRate: number(env, "MAX_RATE", rate * 50, rate),
    stages: number(env, "STAGES", 8, 1),
    durationS: durationSeconds(env.DURATION || defaultDuration[scenario]),
    vus,
    maxVus: number(env, "MAX_VUS", vus * 20, vus),
    apiKey: env.API_KEY || undefined,
    batchShare,
    batchMin,
    batchMax,
    readyEvery: number(env, "READY_EVERY", 5, 0.1),
    requestTimeout: env.REQUEST_TIMEOUT || "10s",
    seed: number(env, "SEED", 1),
    summaryFile: env.SUMMARY_FILE || `loadtest-summary-${scenario}.json`,
  };
}
