import { AppError } from "../../errors.ts";

/**
 * 400 for an Open Inference Protocol request the model cannot take: a wrong tensor name,
 * datatype or shape, data that does not fill the shape, values the model does not accept, an
 * unknown output. The message names the input, row and column at fault.
 */
export class InferenceRequestError extends AppError {
  override readonly name = "InferenceRequestError";
  constructor(message: string) {
    super(400, "invalid_inference_request", message);
  }
}

/** A name from the request, quoted for a message and cut short if it is long. */
export function quoted(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}
