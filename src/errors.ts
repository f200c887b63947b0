/**
 * The errors ml-serving answers with. Each carries an HTTP status and a stable machine-readable
 * code; the one `onError` in src/http/error-handler.ts turns them into JSON responses. Anything
 * else that reaches it is a real fault and becomes a generic 500.
 */

/** One offending field: a JSON pointer into the request body and what is wrong with it. */
export interface FieldIssue {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  cause?: unknown;
  details?: FieldIssue[];
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly details: FieldIssue[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

/** 400: the body is not JSON, or not a JSON object where one is needed. */
export class MalformedRequestError extends AppError {
  override readonly name = "MalformedRequestError";
  constructor(message = "The request body is not valid JSON", options?: AppErrorOptions) {
    super(400, "malformed_request", message, options);
  }
}

/**
 * 401 with a challenge (RFC 6750): a missing key gets the bare challenge, a wrong one says
 * `error="invalid_token"`.
 */
export class UnauthorizedError extends AppError {
  override readonly name = "UnauthorizedError";
  constructor(message = "A valid API key is required", reason?: "invalid_token") {
    const challenge = `Bearer realm="ml-serving"${reason === undefined ? "" : `, error="${reason}"`}`;
    super(401, "unauthorized", message, { headers: { "www-authenticate": challenge } });
  }
}

/** 408: the client sent the body too slowly; the connection is closed after the answer. */
export class BodyTimeoutError extends AppError {
  override readonly name = "BodyTimeoutError";
  constructor(timeoutMs: number) {
    super(408, "body_timeout", `The request body did not arrive within ${timeoutMs} ms`, {
      headers: { connection: "close" },
    });
  }
}

export class NotFoundError extends AppError {
  override readonly name = "NotFoundError";
  constructor(message = "No such route") {
    super(404, "not_found", message);
  }
}

export class MethodNotAllowedError extends AppError {
  override readonly name = "MethodNotAllowedError";
  constructor(allowed: string[]) {
    super(405, "method_not_allowed", `Method not allowed; use ${allowed.join(", ")}`, {
      headers: { allow: allowed.join(", ") },
    });
  }
}

export class PayloadTooLargeError extends AppError {
  override readonly name = "PayloadTooLargeError";
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `The request body is larger than ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  override readonly name = "UnsupportedMediaTypeError";
  constructor(message = "The request body must be application/json") {
    super(415, "unsupported_media_type", message);
  }
}

/** 422: well-formed JSON that breaks the schema or a rule; lists every offending field. */
export class InvalidInputError extends AppError {
  override readonly name = "InvalidInputError";
  constructor(details: FieldIssue[], message = "The request does not match the model's schema") {
    super(422, "invalid_input", message, { details });
  }
}

/** 503 + Retry-After: the batcher's queue is at its bound; shed at once instead of queueing. */
export class QueueFullError extends AppError {
  override readonly name = "QueueFullError";
  constructor(retryAfterSeconds = 1) {
    super(503, "queue_full", "The server is at capacity; retry shortly", {
      headers: { "retry-after": String(retryAfterSeconds) },
    });
  }
}

/** 503: the model is not loaded and warm yet, or no worker is alive. */
export class NotReadyError extends AppError {
  override readonly name = "NotReadyError";
  constructor(message = "The model is not ready yet") {
    super(503, "not_ready", message, { headers: { "retry-after": "1" } });
  }
}

/** 503: SIGTERM arrived; in-flight work finishes, new work is refused. */
export class ShuttingDownError extends AppError {
  override readonly name = "ShuttingDownError";
  constructor() {
    super(503, "shutting_down", "The server is shutting down", {
      headers: { connection: "close" },
    });
  }
}

/** 504: the request's deadline passed before inference ran. */
export class DeadlineExceededError extends AppError {
  override readonly name = "DeadlineExceededError";
  constructor() {
    super(504, "deadline_exceeded", "The request's deadline passed before inference ran");
  }
}

/** The client went away; nobody will read the answer, so it only frees the slot. */
export class ClientClosedError extends AppError {
  override readonly name = "ClientClosedError";
  constructor() {
    super(499, "client_closed", "The client closed the request");
  }
}

/** 500 with a generic message: the worker died, hung or onnxruntime failed. */
export class InferenceFailedError extends AppError {
  override readonly name = "InferenceFailedError";
  constructor(cause?: unknown) {
    super(500, "inference_failed", "Inference failed; the request can be retried", { cause });
  }
}

/** The message of a 500 that is not ours: never the details, never the client's input. */
export const internalErrorBody = {
  code: "internal_error",
  message: "Internal server error",
} as const;
