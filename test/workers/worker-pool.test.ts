import { afterEach, describe, expect, test } from "bun:test";
import { InferenceFailedError } from "../../src/errors.ts";
import {
  createWorkerPool,
  type PoolEvent,
  type WorkerPool,
} from "../../src/workers/worker-pool.ts";

const fixture = new URL("./fixtures/scripted-worker.ts", import.meta.url).href;
const pools: WorkerPool[] = [];
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close();
});

function makePool(
  options: { size?: number; inputName?: string; watchdogMs?: number; backoffMs?: number } = {},
) {
  const events: PoolEvent[] = [];
  let spawned = 0;
  let idle = 0;
  const pool = createWorkerPool({
    size: options.size ?? 2,
    watchdogMs: options.watchdogMs ?? 5000,
    restartBackoffMs: options.backoffMs ?? 1000,
    init: {
      nativeDir: undefined,
      model: new Uint8Array(),
      inputName: options.inputName ?? "x",
      outputName: "p",
      otherOutputNames: [],
      width: 2,
      classes: 2,
      threads: 1,
      warmup: new Float32Array(2),
      faultHooks: false,
    },
    createWorker: () => {
      spawned += 1;
      return new Worker(fixture);
    },
    onEvent: (event) => events.push(event),
    onIdle: () => {
      idle += 1;
    },
  });
  pools.push(pool);
  return { pool, events, spawned: () => spawned, idleCalls: () => idle };
}

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const started = performance.now();
  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error("condition not met in time");
    await Bun.sleep(5);
  }
};

describe("createWorkerPool", () => {
  test("starts every worker, then runs batches on free ones", async () => {
    const { pool } = makePool({ size: 2 });
    await pool.start();
    expect(pool.stats()).toEqual({ size: 2, ready: 2, busy: 0, restarts: 0 });
    const [a, b] = [pool.run(Float32Array.of(1, 2, 3, 4), 2), pool.run(Float32Array.of(10, 20), 1)];
    expect(pool.stats().busy).toBe(2);
    expect(pool.hasFreeWorker()).toBe(false);
    expect(Array.from((await a).output)).toEqual([3, 0, 7, 0]);
    expect(Array.from((await b).output)).toEqual([30, 0]);
    expect(pool.hasFreeWorker()).toBe(true);
  });

  test("a worker that dies fails its batch at once, is replaced, and the others carry on", async () => {
    const { pool, events } = makePool({ size: 2 });
    await pool.start();
    const crashing = pool.run(Float32Array.of(-1, 0), 1);
    const healthy = pool.run(Float32Array.of(5, 6), 1);
    await expect(crashing).rejects.toBeInstanceOf(InferenceFailedError);
    expect(Array.from((await healthy).output)).toEqual([11, 0]);
    await until(() => pool.stats().ready === 2);
    expect(pool.stats().restarts).toBe(1);
    expect(events.find((e) => e.type === "exited")).toMatchObject({ worker: 0, heldBatch: true });
    expect(events.find((e) => e.type === "respawning")).toMatchObject({ worker: 0, inMs: 0 });
    expect(Array.from((await pool.run(Float32Array.of(1, 1), 1)).output)).toEqual([2, 0]);
  });

  test("a worker that hangs past the watchdog is replaced and its batch fails", async () => {
    const { pool, events } = makePool({ size: 1, watchdogMs: 200 });
    await pool.start();
    await expect(pool.run(Float32Array.of(-2, 0), 1)).rejects.toBeInstanceOf(InferenceFailedError);
    expect(events.some((e) => e.type === "hung")).toBe(true);
    await until(() => pool.stats().ready === 1);
    expect(Array.from((await pool.run(Float32Array.of(2, 3), 1)).output)).toEqual([5, 0]);
  });

  test("a failed run fails only its batch; the worker stays", async () => {
    const { pool } = makePool({ size: 1 });
    await pool.start();
    let failure: unknown;
    try {
      await pool.run(Float32Array.of(-3, 0), 1);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(InferenceFailedError);
    expect(pool.stats()).toMatchObject({ ready: 1, restarts: 0 });
  });

  test("a worker that cannot load the model fails the start, without respawning", async () => {
    const { pool, spawned } = makePool({ size: 2, inputName: "fail-init" });
    await expect(pool.start()).rejects.toThrow("failed to start: cannot load the model");
    await Bun.sleep(100);
    expect(spawned()).toBe(2);
    expect(pool.stats().ready).toBe(0);
  });

  test("tells the batcher each time a worker frees up", async () => {
    const { pool, idleCalls } = makePool({ size: 1 });
    await pool.start();
    const before = idleCalls();
    await pool.run(Float32Array.of(1, 1), 1);
    expect(idleCalls()).toBe(before + 1);
  });

  test("a busy worker holds one more batch behind its own and answers both in order", async () => {
    const { pool } = makePool({ size: 1 });
    await pool.start();
    expect(pool.canPrefetch()).toBe(false);
    const first = pool.run(Float32Array.of(1, 2), 1);
    expect(pool.hasFreeWorker()).toBe(false);
    expect(pool.canPrefetch()).toBe(true);
    const second = pool.run(Float32Array.of(3, 4, 5, 6), 2);
    expect(pool.canPrefetch()).toBe(false);
    expect(Array.from((await first).output)).toEqual([3, 0]);
    expect(Array.from((await second).output)).toEqual([7, 0, 11, 0]);
    expect(pool.hasFreeWorker()).toBe(true);
  });

  test("a worker that dies fails both the batch it runs and the one behind it", async () => {
    const { pool } = makePool({ size: 1 });
    await pool.start();
    const outcomes = [pool.run(Float32Array.of(-1, 0), 1), pool.run(Float32Array.of(1, 1), 1)].map(
      (run) =>
        run.then(
          () => "ok",
          (error: unknown) => (error instanceof InferenceFailedError ? "failed" : "other"),
        ),
    );
    expect(await Promise.all(outcomes)).toEqual(["failed", "failed"]);
    await until(() => pool.stats().ready === 1);
  });
});
