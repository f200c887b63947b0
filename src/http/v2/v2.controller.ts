import { Elysia } from "elysia";
import type { AppDeps } from "../app-deps.ts";
import { requestDeadline } from "../deadline.ts";
import { readinessStatus } from "../health/health.service.ts";
import { parseJsonBody } from "../json-body.ts";
import { createInferService } from "./infer.service.ts";
import { InferenceRequestError } from "./inference-request-error.ts";
import {
  assertServed,
  type ModelTarget,
  modelMetadata,
  serverMetadata,
} from "./metadata.service.ts";
import {
  inferenceRequestSchema,
  inferenceResponse,
  modelMetadata as modelMetadataSchema,
  modelPathParams,
  modelReady,
  serverLive,
  serverMetadata as serverMetadataSchema,
  serverReady,
  v2ErrorResponses,
} from "./v2.model.ts";

const tags = ["Open Inference Protocol"];

/**
 * The Open Inference Protocol (KServe v2) REST endpoints: server and model metadata, liveness
 * and readiness, and inference on the same engine, batcher, deadlines and lifecycle gate as
 * /api/v1. Errors are `{"error": "..."}` (src/http/error-handler.ts). See
 * docs/open-inference-protocol.md.
 */
export function openInferenceController(deps: AppDeps) {
  const { config, model } = deps;
  const service = createInferService(deps);
  const requestSchema = inferenceRequestSchema(deps.manifest, config.maxBatchItems);
  const isReady = () => readinessStatus(deps.lifecycle.phase, deps.engine.stats()) === "ready";
  const parse = ({ request }: { request: Request }) => {
    // Triton's binary tensor extension: say so rather than fail to parse the binary part.
    if (request.headers.has("inference-header-content-length")) {
      throw new InferenceRequestError(
        "Binary tensor data is not supported; send the tensors as JSON",
      );
    }
    return parseJsonBody(request, config.bodyLimitBytes, {
      assumeJson: true,
      timeoutMs: config.requestTimeoutMs,
    });
  };
  const infer = (target: ModelTarget, body: unknown, request: Request) =>
    service.infer(target, body as Parameters<typeof service.infer>[1], {
      deadline: requestDeadline(request.headers, config.requestTimeoutMs),
      signal: request.signal,
    });
  const readyModel = (target: ModelTarget, set: { status?: number | string }) => {
    assertServed(model, target);
    const ready = isReady();
    set.status = ready ? 200 : 503;
    return { name: model.name, ready };
  };
  const metadata = modelMetadata(model);
  const { unversioned: modelParams, versioned: versionedModelParams } = modelPathParams(model);
  const inferDetail = {
    tags,
    summary: "Inference",
    description: `The request's one input is the model's tensor ${model.input.name}: FP32, shape [N, ${model.input.width}] with N from 1 to ${config.maxBatchItems}, data flat or nested row-major. Every row is validated as /api/v1/predict validates an input; outputs are ${metadata.outputs.map((output) => `${output.name} (${output.datatype} [${output.shape.join(", ")}])`).join(" and ")}, label being the index of the most probable class in ${JSON.stringify(model.classes)}. Honours X-Request-Timeout-Ms. A request without a Content-Type is read as JSON.`,
  };
  const inferResponses = { 200: inferenceResponse, ...v2ErrorResponses.infer };
  const modelResponses = { 200: modelMetadataSchema, ...v2ErrorResponses.unknownModel };
  const modelReadyResponses = {
    200: modelReady,
    ...v2ErrorResponses.unknownModel,
    503: modelReady,
  };

  return new Elysia({ name: "open-inference" })
    .get("/v2", () => serverMetadata(), {
      response: { 200: serverMetadataSchema },
      detail: { tags, summary: "Server metadata: name, version, extensions" },
    })
    .get("/v2/health/live", () => ({ live: true }), {
      response: { 200: serverLive },
      detail: { tags, summary: "Server live: 200 while the process runs" },
    })
    .get(
      "/v2/health/ready",
      ({ set }) => {
        const ready = isReady();
        set.status = ready ? 200 : 503;
        return { ready };
      },
      {
        response: { 200: serverReady, 503: serverReady },
        detail: {
          tags,
          summary: "Server ready: 200 when every worker is warm and not draining, else 503",
        },
      },
    )
    .get(
      "/v2/models/:name",
      ({ params }) => {
        assertServed(model, params);
        return metadata;
      },
      {
        params: modelParams,
        response: modelResponses,
        detail: { tags, summary: "Model metadata: versions, platform, input and output tensors" },
      },
    )
    .get(
      "/v2/models/:name/versions/:version",
      ({ params }) => {
        assertServed(model, params);
        return metadata;
      },
      {
        params: versionedModelParams,
        response: modelResponses,
        detail: { tags, summary: "Model metadata of one version" },
      },
    )
    .get("/v2/models/:name/ready", ({ params, set }) => readyModel(params, set), {
      params: modelParams,
      response: modelReadyResponses,
      detail: { tags, summary: "Model ready: 200 when the model can serve, else 503" },
    })
    .get("/v2/models/:name/versions/:version/ready", ({ params, set }) => readyModel(params, set), {
      params: versionedModelParams,
      response: modelReadyResponses,
      detail: { tags, summary: "Model ready, for one version" },
    })
    .post("/v2/models/:name/infer", ({ params, body, request }) => infer(params, body, request), {
      parse,
      params: modelParams,
      body: requestSchema,
      response: inferResponses,
      detail: inferDetail,
    })
    .post(
      "/v2/models/:name/versions/:version/infer",
      ({ params, body, request }) => infer(params, body, request),
      {
        parse,
        params: versionedModelParams,
        body: requestSchema,
        response: inferResponses,
        detail: { ...inferDetail, summary: "Inference, on one version" },
      },
    );
}
