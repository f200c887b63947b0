import { Type as T } from "@sinclair/typebox";

/** The JSON body of every error outside /v2. */
export const errorBody = T.Object(
  {
    error: T.Object({
      code: T.String({ description: "Stable, machine-readable", examples: ["invalid_input"] }),
      message: T.String({ description: "For people; never echoes the request" }),
      details: T.Optional(
        T.Array(
          T.Object({
            path: T.String({
              description: "JSON pointer to the offending field",
              examples: ["/tenure_months"],
            }),
            message: T.String({ examples: ["must be ≤ 120"] }),
          }),
          { description: "Every offending field (up to 100), for 422" },
        ),
      ),
    }),
    request_id: T.Optional(T.String()),
  },
  { title: "Error" },
);

const described = (description: string) =>
  T.Object(errorBody.properties, { title: "Error", description });

/** Error responses by status, for the API docs. */
export const errorResponses = {
  predict: {
    400: described("Malformed JSON, a body that is not an object, or a bad X-Request-Timeout-Ms"),
    401: described("Missing or wrong API key (when auth is on)"),
    413: described("Body over the configured limit"),
    415: described("Content type is not application/json"),
    422: described(
      "The input breaks the model's schema or rules; details lists every offending field",
    ),
    500: described("A real fault; generic message"),
    503: described("Queue full (with Retry-After), not ready, or shutting down"),
    504: described("The request's deadline passed before inference ran"),
  },
} as const;
