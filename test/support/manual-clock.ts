import type { Clock } from "../../src/batching/clock.ts";

/** A clock that moves only when the test says so: deadlines and delays without sleeping. */
export function createManualClock(start = 1000) {
  let now = start;
  let timers: { at: number; callback: () => void; cancelled: boolean }[] = [];
  const clock: Clock & { advance(ms: number): void; pendingTimers(): number } = {
    now: () => now,
    setTimer(callback, ms) {
      const timer = { at: now + ms, callback, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    /** Moves time forward, firing due timers in order. */
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers
          .filter((timer) => !timer.cancelled && timer.at <= until)
          .sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        now = due.at;
        due.cancelled = true;
        due.callback();
      }
      timers = timers.filter((timer) => !timer.cancelled);
      now = until;
    },
    pendingTimers: () => timers.filter((timer) => !timer.cancelled).length,
  };
  return clock;
}
