import type { BodyFiles } from "./bodies.ts";
import type { Protocol } from "./measure.ts";

/** What every section of the benchmark gets from the run. */
export interface BenchContext {
  binary: string;
  /** Extra ml-serving flags for every start (e.g. --workers 2). */
  serverArgs: string[];
  /** This run's results directory: logs go here too. */
  outDir: string;
  /** Where ml-serving unpacks onnxruntime for this run. */
  runtimeDir: string;
  bodies: BodyFiles;
  protocol: Protocol;
  quick: boolean;
  /** Connections of the single-prediction sweep. */
  connections: number[];
  log: (line: string) => void;
}

/** Default concurrencies of the single-prediction sweep (issue 4 asks for 1, 16, 64 and 256). */
export const singleConnections = [1, 16, 64, 256];
/** Items per batch request of the batch sweep. */
export const batchSizes = [8, 32, 100];
/**
 * Connections of the batch sweep: 16 × 100 rows stays inside the default queue bound (2048
 * rows), so the sweep measures throughput, not shedding.
 */
export const batchConnections = 16;
/** Connections of the comparison with the Python peer (its RESULTS.md uses 64). */
export const peerConnections = 64;
export const peerBatchSize = 32;
