import type { BatchResults } from "./sections/batch.ts";
import type { InferenceResults } from "./sections/inference.ts";
import type { OverloadResults } from "./sections/overload.ts";
import type { PeerResults } from "./sections/peer.ts";
import type { SingleResults } from "./sections/single.ts";
import type { StartupResults } from "./sections/startup.ts";

export interface Machine {
  date: string;
  hostname: string;
  nproc: number;
  cpu: string;
  kernel: string;
  memoryGiB: number;
  loadAverageStart: number;
  loadAverageEnd?: number;
  bun: string;
  wrk: string;
}

/** Everything one run measured; a section that did not run is absent. */
export interface BenchResults {
  machine: Machine;
  command: string;
  settings: {
    connections: number[];
    warmupS: number;
    durationS: number;
    reps: number;
    quick: boolean;
    serverArgs: string[];
    sections: string[];
  };
  single?: SingleResults;
  batch?: BatchResults;
  inference?: InferenceResults;
  startup?: StartupResults;
  overload?: OverloadResults;
  peer?: PeerResults;
  /** Why the peer was not measured, when it was not. */
  peerSkipped?: string;
}
