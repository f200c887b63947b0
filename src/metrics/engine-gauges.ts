import { Gauge, type Registry } from "prom-client";
import type { EngineStats } from "../engine/inference-engine.ts";

/** Where the gauges read their values at scrape time. */
export interface GaugeSources {
  engineStats(): EngineStats;
  /** Inference requests accepted and not yet answered. */
  inFlightRequests(): number;
  /** Serving and every worker warm: what GET /health/ready answers 200 for. */
  ready(): boolean;
}

export interface EngineGauges {
  /** Called once the engine and lifecycle exist; until then the gauges read 0. */
  attach(sources: GaugeSources): void;
}

/**
 * Gauges read when Prometheus scrapes (prom-client's `collect`), so the request path pays
 * nothing for them: queue depth, requests and batches in flight, workers, readiness.
 *
 * @example
 * const gauges = createEngineGauges(registry);
 * gauges.attach({ engineStats: () => engine.stats(), inFlightRequests: () => lifecycle.inFlight(), ready });
 */
export function createEngineGauges(registry: Registry): EngineGauges {
  let sources: GaugeSources | undefined;
  const gauge = (name: string, help: string, read: (from: GaugeSources) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(sources === undefined ? 0 : read(sources));
      },
    });
  gauge(
    "ml_serving_queue_rows",
    "Rows waiting in the batcher's queue",
    (from) => from.engineStats().queuedRows,
  );
  gauge(
    "ml_serving_queue_requests",
    "Requests waiting in the batcher's queue",
    (from) => from.engineStats().queuedRequests,
  );
  gauge(
    "ml_serving_in_flight_requests",
    "Inference requests accepted and not yet answered",
    (from) => from.inFlightRequests(),
  );
  gauge(
    "ml_serving_in_flight_batches",
    "Batches running in a worker now",
    (from) => from.engineStats().inFlightBatches,
  );
  gauge("ml_serving_workers", "Inference workers configured", (from) => from.engineStats().size);
  gauge(
    "ml_serving_workers_live",
    "Inference workers with the model loaded and warm (idle or busy)",
    (from) => from.engineStats().ready,
  );
  gauge(
    "ml_serving_workers_busy",
    "Inference workers running a batch now",
    (from) => from.engineStats().busy,
  );
  gauge(
    "ml_serving_ready",
    "1 when the server is serving and every worker is warm (GET /health/ready answers 200), else 0",
    (from) => (from.ready() ? 1 : 0),
  );
  return {
    attach(attached) {
      sources = attached;
    },
  };
}
