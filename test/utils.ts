/** The SPEC's example request for the embedded churn model. */
export const churnExample = {
  tenure_months: 24,
  monthly_charges: 65.5,
  total_charges: 1572.0,
  num_products: 3,
  has_phone_service: true,
  has_internet: true,
  contract_type: "month-to-month",
  payment_method: "electronic",
} as const;

export const base = "http://localhost";

/**
 * A request to the in-process app: a JSON POST when there is a body (a string is sent as it
 * is), else a GET, unless `method` says otherwise.
 */
export function request(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Request {
  const body =
    init.body === undefined
      ? undefined
      : typeof init.body === "string"
        ? init.body
        : JSON.stringify(init.body);
  return new Request(`${base}${path}`, {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    body,
    headers: { ...(body !== undefined && { "content-type": "application/json" }), ...init.headers },
  });
}

/** A JSON POST. */
export const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  request(path, { body, headers });

export const get = (path: string, headers: Record<string, string> = {}) =>
  request(path, { headers });

/** Status, parsed JSON body (or the text) and headers of a response. */
export async function read(response: Response) {
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, headers: response.headers };
}
