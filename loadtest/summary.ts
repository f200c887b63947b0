// The end-of-test summary: a JSON file for machines and a short text report for people. Written
// without remote jslib imports so a run needs nothing but k6 and this directory.
import type { Objectives } from "./objectives.ts";
import { type StressStep, stressSteps } from "./scenarios.ts";
import type { Settings } from "./settings.ts";

/** The parts of k6's handleSummary() data this report reads. */
export interface SummaryData {
  metrics: Record<
    string,
    { type: string; values: Record<string, number>; thresholds?: Record<string, { ok: boolean }> }
  >;
  state?: { testRunDurationMs?: number };
}

/** The trend statistics k6 keeps for every latency metric (set as options.summaryTrendStats). */
export const trendStats = ["avg", "min", "med", "p(90)", "p(95)", "p(99)", "max", "count"];

interface TypeRow {
  type: string;
  requests: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  failedRate: number | null;
  shedRate: number | null;
}

interface StepRow extends StressStep {
  singleP99Ms: number | null;
  failedRate: number | null;
  shedRate: number | null;
}

const value = (data: SummaryData, metric: string, stat: string): number | null =>
  data.metrics[metric]?.values[stat] ?? null;

function typeRow(data: SummaryData, type: string): TypeRow {
  const duration = `http_req_duration{type:${type}}`;
  return {
    type,
    requests: value(data, duration, "count") ?? 0,
    p50Ms: value(data, duration, "med"),
    p95Ms: value(data, duration, "p(95)"),
    p99Ms: value(data, duration, "p(99)"),
    failedRate: value(data, `http_req_failed{type:${type}}`, "rate"),
    shedRate: value(data, `shed{type:${type}}`, "rate"),
  };
}

function stepRows(data: SummaryData, settings: Settings): StepRow[] {
  if (settings.scenario !== "stress") return [];
  return stressSteps(settings).map((step) => ({
    ...step,
    singleP99Ms: value(data, `http_req_duration{type:single,step:${step.index}}`, "p(99)"),
    failedRate: value(data, `http_req_failed{step:${step.index}}`, "rate"),
    shedRate: value(data, `shed{step:${step.index}}`, "rate"),
  }));
}

function thresholdResults(data: SummaryData) {
  return Object.entries(data.metrics).flatMap(([metric, summary]) =>
    Object.entries(summary.thresholds ?? {}).map(([expression, result]) => ({
      metric,
      expression,
      ok: result.ok,
    })),
  );
}

const ms = (n: number | null) => (n === null ? "-" : `${n.toFixed(1)} ms`);
const pct = (n: number | null) => (n === null ? "-" : `${(n * 100).toFixed(2)} %`);

function text(report: ReturnType<typeof buildReport>): string {
  const lines = [
    `ml-serving ${report.scenario} run against ${report.baseUrl}: ${report.passed ? "PASSED" : "FAILED"} (objectives ${report.passed ? "met" : "breached"})`,
    "",
    "type     requests     p50        p95        p99        failed     shed",
    ...report.byType.map(
      (row) =>
        `${row.type.padEnd(8)} ${String(row.requests).padStart(8)}  ${ms(row.p50Ms).padStart(9)}  ${ms(row.p95Ms).padStart(9)}  ${ms(row.p99Ms).padStart(9)}  ${pct(row.failedRate).padStart(9)}  ${pct(row.shedRate).padStart(9)}`,
    ),
  ];
  if (report.steps.length > 0) {
    lines.push("", "stress step  rate/s   single p99   failed     shed");
    for (const step of report.steps) {
      lines.push(
        `${String(step.index).padStart(11)}  ${String(step.rate).padStart(6)}  ${ms(step.singleP99Ms).padStart(11)}  ${pct(step.failedRate).padStart(9)}  ${pct(step.shedRate).padStart(9)}`,
      );
    }
    if (report.knee !== null)
      lines.push(
        `knee: step ${report.knee.index} (${report.knee.rate} requests/s) is the first to miss an objective`,
      );
  }
  const failed = report.thresholds.filter((threshold) => !threshold.ok);
  lines.push("", failed.length === 0 ? "every threshold held" : "breached:");
  for (const threshold of failed) lines.push(`  ${threshold.metric}: ${threshold.expression}`);
  lines.push("", `summary written to ${report.summaryFile}`, "");
  return lines.join("\n");
}

/** The first stress step whose single-prediction p99 or error rate misses the objectives. */
function kneeOf(steps: StepRow[], objectives: Objectives): StepRow | null {
  return (
    steps.find(
      (step) =>
        (step.singleP99Ms !== null && step.singleP99Ms >= objectives.singleP99Ms) ||
        (step.failedRate !== null && step.failedRate >= objectives.errorRate),
    ) ?? null
  );
}

function buildReport(data: SummaryData, settings: Settings, objectives: Objectives) {
  const thresholds = thresholdResults(data);
  const steps = stepRows(data, settings);
  const { apiKey: _secret, ...shownSettings } = settings;
  return {
    scenario: settings.scenario,
    baseUrl: settings.baseUrl,
    summaryFile: settings.summaryFile,
    passed: thresholds.every((threshold) => threshold.ok),
    durationS: (data.state?.testRunDurationMs ?? 0) / 1000,
    byType: ["single", "batch", "ready"].map((type) => typeRow(data, type)),
    predictions: value(data, "predictions", "count") ?? 0,
    steps,
    knee: kneeOf(steps, objectives),
    thresholds,
    objectives,
    settings: shownSettings,
  };
}

/**
 * What handleSummary() returns: the report as JSON in SUMMARY_FILE (k6's own data included under
 * `k6`) and as text on stdout.
 */
export function summaryOutputs(
  data: SummaryData,
  settings: Settings,
  objectives: Objectives,
): Record<string, string> {
  const report = buildReport(data, settings, objectives);
  return {
    stdout: text(report),
    [settings.summaryFile]: `${JSON.stringify({ ...report, k6: data }, null, 2)}\n`,
  };
}
