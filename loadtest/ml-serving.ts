// k6 load test of ml-serving: the traffic of a real client (about 80 % single predictions, 20 %
// batches of 5–20 items, readiness probes), in one of four scenarios, with the service objectives
// as thresholds. See loadtest/README.md.
//
//   k6 run loadtest/ml-serving.ts                                  # smoke
//   SCENARIO=load RATE=500 DURATION=5m k6 run loadtest/ml-serving.ts
import exec from "k6/execution";
import http from "k6/http";
import type { Options } from "k6/options";
import { readObjectives, thresholdsFor } from "./objectives.ts";
import { createRandom } from "./payloads.ts";
import { scenariosFor, stressSteps } from "./scenarios.ts";
import { readSettings } from "./settings.ts";
import { type SummaryData, summaryOutputs, trendStats } from "./summary.ts";
import { createTraffic } from "./traffic.ts";

const settings = readSettings(__ENV);
const objectives = readObjectives(__ENV);

export const options: Options = {
  scenarios: scenariosFor(settings),
  thresholds: thresholdsFor(settings, objectives),
  summaryTrendStats: trendStats,
  // Requests are tagged by type; URLs need no grouping.
  tags: { service: "ml-serving" },
};

// Each VU draws its own reproducible sequence of inputs.
const client = createTraffic(
  settings,
  createRandom(settings.seed * 100_003 + __VU),
  settings.scenario === "stress" ? stressSteps(settings) : [],
);

export function setup(): void {
  const response = http.get(`${settings.baseUrl}/health/ready`, {
    timeout: settings.requestTimeout,
  });
  if (response.status !== 200) {
    exec.test.abort(
      `${settings.baseUrl}/health/ready answered ${response.status}: is ml-serving running and ready?`,
    );
  }
}

export function traffic(): void {
  client.mixed();
}

export function readiness(): void {
  client.readiness();
}

export function handleSummary(data: SummaryData): Record<string, string> {
  return summaryOutputs(data, settings, objectives);
}
