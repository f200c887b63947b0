import { type AppError, InvalidInputError } from "../../errors.ts";
import { InferenceRequestError } from "./inference-request-error.ts";

/**
 * The protocol answers a request it cannot take with 400 and one message: a schema violation
 * (422 elsewhere) becomes a 400 whose message lists every offending field.
 *
 * @example
 * asOpenInferenceError(new InvalidInputError([{ path: "/inputs/0/shape", message: "must be an array" }]))
 * // InferenceRequestError (400): "Not a valid inference request: /inputs/0/shape must be an array"
 */
export function asOpenInferenceError(error: AppError): AppError {
  if (!(error instanceof InvalidInputError)) return error;
  const fields = (error.details ?? []).map((issue) => `${issue.path} ${issue.message}`);
  return new InferenceRequestError(
    `Not a valid inference request: ${fields.join("; ") || "invalid"}`,
  );
}
