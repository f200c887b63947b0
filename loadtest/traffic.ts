import { check } from "k6";
import exec from "k6/execution";
import http, { type RefinedResponse } from "k6/http";
import { Counter, Rate } from "k6/metrics";
import { batchRequest, churnInput, integerBetween, type Random } from "./payloads.ts";
import { type StressStep, stepAt } from "./scenarios.ts";
import type { Settings } from "./settings.ts";

/** Share of prediction requests shed with 503 (queue full): the server is past its capacity. */
export const shed = new Rate("shed");
/** Inputs that got a prediction (one per single request, one per item of a batch). */
export const predictions = new Counter("predictions");

type RequestType = "single" | "batch" | "ready";
type Response = RefinedResponse<"text">;

interface Probability {
  [label: string]: number;
}

function isPrediction(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const { prediction, label, probability } = value as {
    prediction?: unknown;
    label?: unknown;
    probability?: unknown;
  };
  if (!Number.isInteger(prediction) || typeof label !== "string") return false;
  if (typeof probability !== "object" || probability === null) return false;
  const values = Object.values(probability as Probability);
  const sum = values.reduce((total, p) => total + p, 0);
  return values.length >= 2 && values.every((p) => p >= 0 && p <= 1) && Math.abs(sum - 1) < 1e-3;
}

function jsonOf(response: Response): Record<string, unknown> | undefined {
  try {
    const body = response.json();
    return typeof body === "object" && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function errorCode(response: Response): unknown {
  const error = jsonOf(response)?.error;
  return typeof error === "object" && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

/** A shed request (503 queue_full) must tell the client when to come back. */
function checkShed(response: Response, type: RequestType): boolean {
  const wasShed = response.status === 503 && errorCode(response) === "queue_full";
  shed.add(wasShed, { type });
  if (!wasShed) return false;
  check(
    response,
    { "503 carries Retry-After": (r) => (r.headers["Retry-After"] ?? "") !== "" },
    { type },
  );
  return true;
}

/**
 * The request functions of a run, with the headers, tags and payload generator they share.
 *
 * @example
 * const traffic = createTraffic(settings, createRandom(settings.seed + __VU), steps);
 * traffic.mixed();
 */
export function createTraffic(settings: Settings, random: Random, steps: StressStep[]) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (settings.apiKey !== undefined) headers.Authorization = `Bearer ${settings.apiKey}`;

  const tagsFor = (type: RequestType): Record<string, string> => {
    const tags: Record<string, string> = { type };
    if (steps.length > 0) {
      const step = stepAt(steps, (Date.now() - exec.scenario.startTime) / 1000);
      if (step !== undefined) tags.step = String(step.index);
    }
    return tags;
  };
  const params = (type: RequestType) => ({
    headers,
    tags: tagsFor(type),
    timeout: settings.requestTimeout,
  });

  function single(): void {
    const response = http.post(
      `${settings.baseUrl}/api/v1/predict`,
      JSON.stringify(churnInput(random)),
      params("single"),
    );
    if (checkShed(response, "single")) return;
    const ok = check(
      response,
      {
        "single: status 200": (r) => r.status === 200,
        "single: a prediction with probabilities that sum to 1": (r) => isPrediction(jsonOf(r)),
        "single: names the model version": (r) => typeof jsonOf(r)?.model_version === "string",
      },
      { type: "single" },
    );
    if (ok) predictions.add(1, { type: "single" });
  }

  function batch(): void {
    const count = integerBetween(random, settings.batchMin, settings.batchMax);
    const body = JSON.stringify(batchRequest(random, count));
    const response = http.post(`${settings.baseUrl}/api/v1/predict/batch`, body, params("batch"));
    if (checkShed(response, "batch")) return;
    const ok = check(
      response,
      {
        "batch: status 200": (r) => r.status === 200,
        "batch: one prediction per item, in order": (r) => {
          const results = jsonOf(r)?.results;
          return (
            Array.isArray(results) &&
            results.length === count &&
            results.every(
              (result, index) =>
                isPrediction(result) && (result as { batch_index?: unknown }).batch_index === index,
            )
          );
        },
      },
      { type: "batch" },
    );
    if (ok) predictions.add(count, { type: "batch" });
  }

  return {
    /** One iteration of the traffic scenario: about BATCH_SHARE batches, the rest single. */
    mixed(): void {
      if (random() < settings.batchShare) batch();
      else single();
    },
    readiness(): void {
      const response = http.get(`${settings.baseUrl}/health/ready`, params("ready"));
      check(
        response,
        {
          "ready: status 200": (r) => r.status === 200,
          'ready: status is "ready"': (r) => jsonOf(r)?.status === "ready",
        },
        { type: "ready" },
      );
    },
  };
}
