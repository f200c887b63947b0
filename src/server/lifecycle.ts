import { NotReadyError, ShuttingDownError } from "../errors.ts";

export type Phase = "starting" | "ready" | "draining";

export interface Lifecycle {
  readonly phase: Phase;
  /** Epoch milliseconds when the process started. */
  readonly startedAt: number;
  markReady(): void;
  /** SIGTERM: refuse new work from now on; in-flight requests continue. */
  beginDrain(): void;
  /** Throws the 503 for the current phase unless new work is accepted. */
  assertAccepting(): void;
  /** Counts a request in flight until the returned function is called. */
  track(): () => void;
  inFlight(): number;
  /** Requests accepted (tracked) since start. */
  accepted(): number;
  /** Resolves when nothing is in flight (at once if nothing is). */
  whenIdle(): Promise<void>;
}

/** The server's phase and its in-flight requests, for readiness and graceful drain. */
export function createLifecycle(startedAt = performance.timeOrigin): Lifecycle {
  let phase: Phase = "starting";
  let inFlight = 0;
  let accepted = 0;
  let idleWaiters: (() => void)[] = [];
  return {
    get phase() {
      return phase;
    },
    startedAt,
    markReady() {
      if (phase === "starting") phase = "ready";
    },
    beginDrain() {
      phase = "draining";
    },
    assertAccepting() {
      if (phase === "ready") return;
      throw phase === "draining" ? new ShuttingDownError() : new NotReadyError();
    },
    track() {
      inFlight += 1;
      accepted += 1;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        inFlight -= 1;
        if (inFlight === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const wake of waiters) wake();
        }
      };
    },
    inFlight: () => inFlight,
    accepted: () => accepted,
    whenIdle() {
      if (inFlight === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
