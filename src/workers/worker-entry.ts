// An inference worker: one onnxruntime session, one batch at a time. Spawned by worker-pool.ts.
import type { InferenceSession, Tensor } from "onnxruntime-node";
import { type SessionExpectations, sessionIssues } from "../model/session-check.ts";
import { setNativeDir } from "../runtime/native-dir.ts";
import type { FromWorker, InitMessage, RunMessage, ToWorker } from "./messages.ts";

declare const self: Worker;

interface Loaded {
  session: InferenceSession;
  TensorClass: typeof Tensor;
  init: InitMessage;
}

let loaded: Loaded | undefined;
let runs: Promise<void> = Promise.resolve();

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  self.postMessage(message, transfer);
}

async function runRows(
  state: Loaded,
  input: Float32Array,
  rows: number,
): Promise<Float32Array<ArrayBuffer>> {
  const { session, TensorClass, init } = state;
  const feeds = { [init.inputName]: new TensorClass("float32", input, [rows, init.width]) };
  const results = await session.run(feeds, [init.outputName]);
  const output = results[init.outputName];
  if (output === undefined || !(output.data instanceof Float32Array)) {
    throw new Error(`output ${init.outputName} is missing or not float32`);
  }
  if (output.data.length !== rows * init.classes) {
    throw new Error(`output ${init.outputName} has ${output.data.length} values for ${rows} rows`);
  }
  // A copy: the tensor's memory is onnxruntime's, and the copy's buffer can be transferred.
  return Float32Array.from(output.data);
}

async function initialize(init: InitMessage): Promise<void> {
  const started = performance.now();
  if (init.nativeDir !== undefined) setNativeDir(init.nativeDir);
  // Imported only now: in the compiled binary the addon loads from init.nativeDir.
  const ort = await import("onnxruntime-node");
  const session = await ort.InferenceSession.create(init.model, {
    intraOpNumThreads: init.threads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
  });
  const expectations: SessionExpectations = init;
  const issues = sessionIssues(session.inputMetadata, session.outputMetadata, expectations);
  if (issues.length > 0)
    throw new Error(`the model does not match its manifest: ${issues.join("; ")}`);
  const state: Loaded = { session, TensorClass: ort.Tensor, init };
  const loadedAt = performance.now();
  await runRows(state, init.warmup, init.warmup.length / init.width);
  loaded = state;
  send({
    type: "ready",
    loadMs: loadedAt - started,
    warmupMs: performance.now() - loadedAt,
    onnxruntimeVersion: ort.env.versions.node ?? "unknown",
  });
}

function commitFault(message: RunMessage): void {
  if (!ML_SERVING_FAULT_HOOKS || !loaded?.init.faultHooks || message.fault === undefined) return;
  if (message.fault === "crash") process.exit(70);
  if (message.fault === "hang") for (;;) {}
}

async function run(message: RunMessage): Promise<void> {
  if (loaded === undefined) throw new Error("run before init");
  commitFault(message);
  const started = performance.now();
  const output = await runRows(loaded, message.input, message.rows);
  const inferenceMs = performance.now() - started;
  send({ type: "result", id: message.id, output, inferenceMs }, [output.buffer]);
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "init") {
    initialize(message).catch((error: unknown) => {
      send({
        type: "init-failed",
        message: error instanceof Error ? error.message : String(error),
      });
    });
  } else {
    // One batch after the other, in the order sent (the pool may queue one behind another),
    // so that each batch's measured time is its own.
    runs = runs.then(() =>
      run(message).catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        send({ type: "run-failed", id: message.id, message: text });
      }),
    );
  }
};
