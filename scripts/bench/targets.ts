// The targets of issues 7 and 4, checked against one run's figures. Every ratio compares two
// figures measured in the same run, so a busy machine slows both sides alike.
import type { BenchResults } from "./results.ts";
import { overloadConnections } from "./sections/overload.ts";

export interface TargetCheck {
  issue: 4 | 7;
  what: string;
  /** e.g. "≥ 50×" */
  target: string;
  /** The measured figure, formatted; "not measured" when its sections did not run. */
  value: string;
  met: boolean | null;
}

const times = (n: number) => `${n >= 100 ? n.toFixed(0) : n.toFixed(1)}×`;
const percent = (n: number) => `${(n * 100).toFixed(0)} %`;

function check(
  issue: 4 | 7,
  what: string,
  target: string,
  compute: () => { value: string; met: boolean } | undefined,
): TargetCheck {
  const outcome = compute();
  return {
    issue,
    what,
    target,
    value: outcome?.value ?? "not measured",
    met: outcome?.met ?? null,
  };
}

/** Shed answers count as fast when 99 % come back within a tenth of the probe's deadline. */
export const fastShedMs = 100;

export function checkTargets(results: BenchResults): TargetCheck[] {
  const { single, batch, inference, peer, overload } = results;
  const high = single?.connections.at(-1);
  return [
    check(7, "single predictions/s vs the Python stack (64 connections)", "≥ 50×", () => {
      const ours = single?.batching[64];
      if (ours === undefined || peer === undefined) return undefined;
      const ratio = ours.okPerS / peer.single.okPerS;
      return { value: times(ratio), met: ratio >= 50 };
    }),
    check(
      7,
      "single-prediction p99 vs the Python stack (64 connections), lower is better",
      "≥ 20× lower",
      () => {
        const ours = single?.batching[64];
        if (ours === undefined || peer === undefined) return undefined;
        const ratio = peer.single.p99Ms / ours.p99Ms;
        return { value: `${times(ratio)} lower`, met: ratio >= 20 };
      },
    ),
    check(7, "batch predictions/s vs the Python stack (32 items, 64 connections)", "≥ 200×", () => {
      if (batch === undefined || peer === undefined) return undefined;
      const ratio = batch.peerLoad.itemsPerS / peer.batch.itemsPerS;
      return { value: times(ratio), met: ratio >= 200 };
    }),
    check(7, `single predictions/s vs the HTTP ceiling (${high} connections)`, "≥ 40 %", () => {
      if (single === undefined || high === undefined) return undefined;
      const ours = single.batching[high];
      const ceiling = single.httpCeiling[high];
      if (ours === undefined || ceiling === undefined) return undefined;
      const ratio = ours.okPerS / ceiling.okPerS;
      return { value: percent(ratio), met: ratio >= 0.4 };
    }),
    check(
      7,
      "batch endpoint rows/s at 100 items vs in-process onnxruntime at 100 rows per call",
      "≥ 50 %",
      () => {
        const ours = batch?.bySize[100];
        const ceiling = inference?.bySize[100];
        if (ours === undefined || ceiling === undefined) return undefined;
        const ratio = ours.itemsPerS / ceiling.rowsPerS;
        return { value: percent(ratio), met: ratio >= 0.5 };
      },
    ),
    check(
      4,
      "single predictions/s at 256 connections, batching vs --max-batch-size 1",
      "≥ 2×",
      () => {
        const on = single?.batching[256];
        const off = single?.maxBatch1[256];
        if (on === undefined || off === undefined) return undefined;
        const ratio = on.okPerS / off.okPerS;
        return { value: times(ratio), met: ratio >= 2 };
      },
    ),
    check(
      4,
      "p50 at 1 connection, batching vs --max-batch-size 1",
      "no worse (within 10 %)",
      () => {
        const on = single?.batching[1];
        const off = single?.maxBatch1[1];
        if (on === undefined || off === undefined) return undefined;
        return {
          value: `${on.p50Ms.toFixed(3)} ms vs ${off.p50Ms.toFixed(3)} ms`,
          met: on.p50Ms <= off.p50Ms * 1.1,
        };
      },
    ),
    check(
      4,
      `overload (${overloadConnections} connections): 503s are fast and carry Retry-After`,
      `p99 < ${fastShedMs} ms, all with Retry-After`,
      () => {
        if (overload === undefined) return undefined;
        const shed = overload.probe.byStatus["503"];
        const sheds = overload.flood.statuses["503"] ?? 0;
        if (shed === undefined || shed.p99Ms === null || sheds === 0) {
          return { value: "no 503 seen: the load was not past capacity", met: false };
        }
        const missing = overload.flood.missingRetryAfter + overload.probe.shedWithoutRetryAfter;
        return {
          value: `p99 ${shed.p99Ms.toFixed(1)} ms, ${sheds} sheds, ${missing} without Retry-After`,
          met: shed.p99Ms < fastShedMs && missing === 0,
        };
      },
    ),
    check(4, "overload: no crash, ready again, exit 0 on SIGTERM", "alive, 200s, exit 0", () => {
      if (overload === undefined) return undefined;
      const { after, exitCode } = overload;
      const serverErrors = Object.entries(overload.flood.statuses)
        .filter(([status]) => Number(status) >= 500 && status !== "503" && status !== "504")
        .reduce((sum, [, count]) => sum + count, 0);
      const ok =
        after.alive &&
        after.healthStatus === 200 &&
        after.readyAgainMs !== null &&
        after.predictionStatus === 200 &&
        exitCode === 0 &&
        serverErrors === 0;
      return {
        value: `alive ${after.alive}, ready again in ${after.readyAgainMs?.toFixed(0) ?? "never"} ms, exit ${exitCode}, other 5xx ${serverErrors}`,
        met: ok,
      };
    }),
    check(
      4,
      "overload: resident memory stops growing",
      "2nd-half max ≤ 1st-half max + 10 %",
      () => {
        if (overload === undefined) return undefined;
        const { memory } = overload;
        return {
          value: `idle ${memory.idleMiB.toFixed(0)}, max ${memory.firstHalfMaxMiB.toFixed(0)} → ${memory.secondHalfMaxMiB.toFixed(0)} MiB`,
          met: memory.secondHalfMaxMiB <= memory.firstHalfMaxMiB * 1.1,
        };
      },
    ),
    check(
      4,
      "overload: accepted requests answered within their deadline",
      `all ≤ ${overload?.probe.deadlineMs ?? "?"} ms`,
      () => {
        if (overload === undefined) return undefined;
        const accepted = overload.probe.byStatus["200"];
        if (accepted === undefined) return { value: "no request was accepted", met: false };
        return {
          value: `${accepted.count} accepted, max ${accepted.maxMs?.toFixed(0)} ms, ${overload.probe.acceptedOverDeadline} late`,
          met: overload.probe.acceptedOverDeadline === 0,
        };
      },
    ),
  ];
}
