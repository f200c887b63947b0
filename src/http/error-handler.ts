import { Elysia } from "elysia";
import {
  AppError,
  type FieldIssue,
  InvalidInputError,
  internalErrorBody,
  MalformedRequestError,
  MethodNotAllowedError,
  NotFoundError,
} from "../errors.ts";
import type { Logger } from "../logging/logger.ts";
import { fieldIssues } from "../model/field-issues.ts";
import type { RouteTable } from "./route-table.ts";
import { asOpenInferenceError } from "./v2/v2-errors.ts";

/** What the error handler tells observers (metrics) about each error response. */
export interface ErrorReport {
  status: number;
  code: string;
  path: string;
}

export interface ErrorHandlerOptions {
  logger: Logger;
  /** Filled in once every route is registered (405 needs to know the other methods). */
  routes: () => RouteTable;
  onError?: (report: ErrorReport) => void;
}

/** Paths whose clients expect the Open Inference Protocol's `{"error": "..."}` bodies. */
const isOpenInferencePath = (path: string) => path === "/v2" || path.startsWith("/v2/");

function validationIssues(error: unknown): FieldIssue[] {
  const { validator, value } = error as {
    validator?: { Errors?: (value: unknown) => Iterable<never> };
    value?: unknown;
  };
  if (typeof validator?.Errors !== "function") return [{ path: "/", message: "is invalid" }];
  return fieldIssues(validator.Errors(value));
}

/** Elysia's own error codes, as ours. */
function toAppError(
  code: unknown,
  error: unknown,
  path: string,
  method: string,
  table: RouteTable,
) {
  if (error instanceof AppError) return error;
  switch (code) {
    case "VALIDATION":
      return new InvalidInputError(validationIssues(error));
    case "PARSE":
      // Elysia wraps what a parse hook throws (our 400, 413, 415) in its own ParseError.
      return error instanceof Error && error.cause instanceof AppError
        ? error.cause
        : new MalformedRequestError();
    case "NOT_FOUND": {
      const allowed = table.methodsFor(path);
      return allowed.length > 0 && !allowed.includes(method)
        ? new MethodNotAllowedError(allowed)
        : new NotFoundError();
    }
    default:
      return undefined;
  }
}

/**
 * The one place errors become responses: our AppErrors and Elysia's validation, parse and
 * not-found errors as JSON with a stable code; anything else as a generic 500 that is logged
 * with its stack but never shows it (or the client's input) to the client.
 */
export function errorHandler(options: ErrorHandlerOptions) {
  return new Elysia({ name: "error-handler" }).onError(
    { as: "global" },
    ({ code, error, request, path, set }) => {
      const ours = toAppError(code, error, path, request.method, options.routes());
      const appError = ours && isOpenInferencePath(path) ? asOpenInferenceError(ours) : ours;
      const requestId = set.headers["x-request-id"];
      const status = appError?.status ?? 500;
      const errorCode = appError?.code ?? internalErrorBody.code;
      options.onError?.({ status, code: errorCode, path });
      // Hooks that run after the response (metrics, the request log) read the status here.
      set.status = status;
      if (appError === undefined) {
        options.logger.error("unhandled error", {
          request_id: requestId,
          path,
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        });
      } else if (status === 500) {
        // A request lost to a worker fault. Refusals (503) and timeouts (504) are not logged one
        // by one, which would flood the log in an overload: metrics count them, and the engine's
        // rate-limited warnings summarise them (src/logging/rejection-warnings.ts).
        options.logger.warn(appError.message, { request_id: requestId, path, code: errorCode });
      }
      const headers: Record<string, string> = {
        "content-type": "application/json",
        ...appError?.headers,
      };
      if (typeof requestId === "string") headers["x-request-id"] = requestId;
      const message = appError?.message ?? internalErrorBody.message;
      const body = isOpenInferencePath(path)
        ? { error: message }
        : {
            error: {
              code: errorCode,
              message,
              ...(appError?.details && { details: appError.details }),
            },
            ...(typeof requestId === "string" && { request_id: requestId }),
          };
      return new Response(JSON.stringify(body), { status, headers });
    },
  );
}
