import { Elysia } from "elysia";
import type { AppDeps } from "../app-deps.ts";
import { requestDeadline } from "../deadline.ts";
import { errorResponses } from "../error.model.ts";
import { parseJsonBody } from "../json-body.ts";
import { predictModels } from "./predict.model.ts";
import { createPredictService } from "./predict.service.ts";

/** POST /api/v1/predict and /api/v1/predict/batch. */
export function predictController(deps: AppDeps) {
  const { config } = deps;
  const models = predictModels(deps.manifest, config.maxBatchItems);
  const service = createPredictService(deps);
  const parse = ({ request }: { request: Request }) =>
    parseJsonBody(request, config.bodyLimitBytes, { timeoutMs: config.requestTimeoutMs });
  const contextOf = (request: Request) => ({
    deadline: requestDeadline(request.headers, config.requestTimeoutMs),
    signal: request.signal,
  });
  return new Elysia({ name: "predict" })
    .post("/api/v1/predict", ({ body, request }) => service.predictOne(body, contextOf(request)), {
      parse,
      body: models.singleRequest,
      response: { 200: models.singleResponse, ...errorResponses.predict },
      detail: {
        tags: ["Predictions"],
        summary: "Predict one input",
        description:
          "Validates the input against the model's manifest and returns the class probabilities.",
      },
    })
    .post(
      "/api/v1/predict/batch",
      ({ body, request }) =>
        service.predictBatch(body.items as Record<string, unknown>[], contextOf(request)),
      {
        parse,
        body: models.batchRequest,
        response: { 200: models.batchResponse, ...errorResponses.predict },
        detail: {
          tags: ["Predictions"],
          summary: `Predict 1 to ${config.maxBatchItems} inputs`,
          description:
            "Answers in the order of the items; every item is validated before any is run.",
        },
      },
    );
}
