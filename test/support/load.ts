/** What one request of a load run got back. */
export interface Outcome {
  status: number;
  code: string | undefined;
  /** Set when the connection failed instead of answering. */
  networkError?: string;
  ms: number;
  /** performance.now() when the answer (or the failure) arrived. */
  endedAt: number;
}

export interface LoadOptions {
  url: string;
  body: unknown;
  /** Concurrent clients, each sending one request after the other. */
  clients: number;
  /** Stop sending new requests once this returns true. */
  until: () => boolean;
  headers?: Record<string, string>;
}

/**
 * A closed-loop load: `clients` loops that each POST the body and wait for the answer, until
 * told to stop. Resolves with every outcome once all loops finished their last request.
 */
export async function runLoad(options: LoadOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const body = JSON.stringify(options.body);
  const client = async () => {
    while (!options.until()) {
      const started = performance.now();
      try {
        const response = await fetch(options.url, {
          method: "POST",
          headers: { "content-type": "application/json", ...options.headers },
          body,
        });
        const text = await response.text();
        let code: string | undefined;
        try {
          code = JSON.parse(text)?.error?.code;
        } catch {
          code = undefined;
        }
        const endedAt = performance.now();
        outcomes.push({ status: response.status, code, ms: endedAt - started, endedAt });
      } catch (error) {
        const endedAt = performance.now();
        outcomes.push({
          status: 0,
          code: undefined,
          networkError: String(error),
          ms: endedAt - started,
          endedAt,
        });
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  return outcomes;
}

/** Counts outcomes by "status code" (e.g. "200 undefined", "503 queue_full"). */
export function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) {
    const key = outcome.networkError
      ? "network error"
      : `${outcome.status}${outcome.code ? ` ${outcome.code}` : ""}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
