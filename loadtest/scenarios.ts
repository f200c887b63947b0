import type { Options, Scenario } from "k6/options";
import type { Settings } from "./settings.ts";

/** One step of the stress ramp: the arrival rate it holds and when (seconds from the start). */
export interface StressStep {
  index: number;
  rate: number;
  startS: number;
  endS: number;
}

/**
 * The stress ramp: STAGES steps from RATE to MAX_RATE, geometric so the low end is not skipped;
 * each step ramps for a sixth of DURATION (at least 5 s), then holds its rate.
 */
export function stressSteps(settings: Settings): StressStep[] {
  const ramp = Math.max(5, Math.round(settings.durationS / 6));
  const steps: StressStep[] = [];
  for (let index = 1; index <= settings.stages; index += 1) {
    const rate = Math.round(
      settings.rate * (settings.maxRate / settings.rate) ** (index / settings.stages),
    );
    const startS = (index - 1) * (ramp + settings.durationS);
    steps.push({ index, rate, startS, endS: startS + ramp + settings.durationS });
  }
  return steps;
}

/** The step a moment of the stress run (seconds since it started) falls in. */
export function stepAt(steps: StressStep[], elapsedS: number): StressStep | undefined {
  return steps.find((step) => elapsedS < step.endS) ?? steps[steps.length - 1];
}

function trafficScenario(settings: Settings): Scenario {
  const { rate, vus, maxVus, durationS } = settings;
  switch (settings.scenario) {
    case "smoke":
      // A few users for a few seconds: is it up, are the answers right?
      return {
        executor: "constant-arrival-rate",
        exec: "traffic",
        rate: Math.min(rate, 10),
        duration: `${durationS}s`,
        preAllocatedVUs: 2,
        maxVUs: 4,
      };
    case "stress": {
      const steps = stressSteps(settings);
      const ramp = (steps[0]?.endS ?? 0) - durationS;
      return {
        executor: "ramping-arrival-rate",
        exec: "traffic",
        startRate: rate,
        preAllocatedVUs: vus,
        maxVUs: maxVus,
        stages: steps.flatMap((step) => [
          { target: step.rate, duration: `${ramp}s` },
          { target: step.rate, duration: `${durationS}s` },
        ]),
      };
    }
    case "load":
    case "soak":
      // Open model: requests arrive at RATE whatever the latency, as from many independent clients.
      return {
        executor: "constant-arrival-rate",
        exec: "traffic",
        rate,
        duration: `${durationS}s`,
        preAllocatedVUs: vus,
        maxVUs: maxVus,
      };
  }
}

/** How long the traffic scenario runs, in seconds. */
export function trafficSeconds(settings: Settings): number {
  if (settings.scenario !== "stress") return settings.durationS;
  const steps = stressSteps(settings);
  return steps[steps.length - 1]?.endS ?? settings.durationS;
}

/**
 * The scenarios of a run: the selected traffic mix, and a readiness probe beside it every
 * READY_EVERY seconds, as a load balancer would.
 */
export function scenariosFor(settings: Settings): NonNullable<Options["scenarios"]> {
  return {
    traffic: trafficScenario(settings),
    readiness: {
      executor: "constant-arrival-rate",
      exec: "readiness",
      rate: 1,
      timeUnit: `${settings.readyEvery}s`,
      duration: `${trafficSeconds(settings)}s`,
      preAllocatedVUs: 1,
      maxVUs: 2,
    },
  };
}
