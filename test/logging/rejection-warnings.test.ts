import { expect, test } from "bun:test";
import { DeadlineExceededError, QueueFullError } from "../../src/errors.ts";
import { createLogger } from "../../src/logging/logger.ts";
import { shedWarning, timeoutWarning } from "../../src/logging/rejection-warnings.ts";
import { createManualClock } from "../support/manual-clock.ts";

function setup() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "info",
    format: "json",
    write: (line) => lines.push(JSON.parse(line)),
  });
  const clock = createManualClock();
  const observer = shedWarning(logger, { intervalMs: 1000, clock });
  const shed = (times: number) => {
    for (let i = 0; i < times; i += 1) observer.requestFailed?.(1, new QueueFullError(), 0);
  };
  return { lines, clock, observer, shed };
}

test("the first refusal is logged at once, then one summary per second while shedding lasts", () => {
  const { lines, clock, shed } = setup();
  shed(1);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({
    level: "warn",
    msg: "shedding load: the queue is full",
    shed_requests: 1,
  });
  shed(499);
  clock.advance(999);
  expect(lines).toHaveLength(1);
  clock.advance(1);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatchObject({ level: "warn", shed_requests: 499, interval_ms: 1000 });
  shed(20);
  clock.advance(1000);
  expect(lines.map((line) => line.shed_requests)).toEqual([1, 499, 20]);
  // A quiet second ends the episode: no line, no timer left behind.
  clock.advance(1000);
  expect(lines).toHaveLength(3);
  expect(clock.pendingTimers()).toBe(0);
  clock.advance(60_000);
  shed(3);
  expect(lines.map((line) => line.shed_requests)).toEqual([1, 499, 20, 1]);
  clock.advance(1000);
  expect(lines.map((line) => line.shed_requests)).toEqual([1, 499, 20, 1, 2]);
});

test("other failures are not load shedding", () => {
  const { lines, observer, clock } = setup();
  observer.requestFailed?.(1, new DeadlineExceededError(), 0);
  observer.requestFailed?.(1, new Error("worker died"), 0);
  expect(lines).toHaveLength(0);
  expect(clock.pendingTimers()).toBe(0);
});

test("timeouts in the queue get their own rate-limited warning", () => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "info",
    format: "json",
    write: (line) => lines.push(JSON.parse(line)),
  });
  const clock = createManualClock();
  const observer = timeoutWarning(logger, { intervalMs: 1000, clock });
  for (let i = 0; i < 40; i += 1) observer.requestFailed?.(1, new DeadlineExceededError(), 0);
  observer.requestFailed?.(1, new QueueFullError(), 0);
  clock.advance(1000);
  expect(lines.map((line) => [line.msg, line.timed_out_requests])).toEqual([
    ["requests timed out in the queue", 1],
    ["requests timed out in the queue", 39],
  ]);
});
