import { parseArgs } from "node:util";
import { createInferenceEngine } from "../engine/inference-engine.ts";
import { classPrediction } from "../http/predict/predict.service.ts";
import { prepareModel } from "../server/prepare-model.ts";

const usage =
  "usage: ml-serving check-model <model.onnx> [--manifest <path>] [--runtime-dir <dir>]";

/**
 * `ml-serving check-model model.onnx`: for people preparing a model. Reads the manifest and
 * checks it, checks the example against the generated schema, loads the model in a worker as the
 * server would (input and output names, types and shapes against the manifest), runs the example
 * and prints the prediction. Returns the exit code: 0 when the package is good.
 */
export async function checkModel(
  argv: string[],
  env: Record<string, string | undefined>,
): Promise<number> {
  let modelPath: string | undefined;
  let values: { manifest?: string | undefined; "runtime-dir"?: string | undefined };
  try {
    const parsed = parseArgs({
      args: argv,
      options: { manifest: { type: "string" }, "runtime-dir": { type: "string" } },
      allowPositionals: true,
    });
    values = parsed.values;
    if (parsed.positionals.length !== 1) throw new Error("give exactly one model path");
    modelPath = parsed.positionals[0];
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let engine: ReturnType<typeof createInferenceEngine> | undefined;
  try {
    const prepared = await prepareModel({
      modelPath,
      manifestPath: values.manifest ?? env.ML_SERVING_MANIFEST,
      runtimeDir: values["runtime-dir"] ?? env.ML_SERVING_RUNTIME_DIR,
      env,
    });
    const { model, encoder } = prepared;
    out(
      `manifest: ok (${model.manifest.features.length} features → ${encoder.width} columns, ${model.manifest.classes.length} classes)`,
    );
    out("example: valid against the generated request schema");
    engine = createInferenceEngine({
      model,
      width: encoder.width,
      warmup: prepared.warmup,
      workers: 1,
      threads: 1,
      maxBatchSize: 1,
      maxQueueDelayMs: 0,
      maxQueueRows: 1,
      workerWatchdogMs: 60_000,
      nativeDir: prepared.nativeDir,
      faultHooks: false,
    });
    const loaded = await engine.start();
    out(
      `model: ok (onnxruntime ${loaded.onnxruntimeVersion} loaded it; inputs and outputs match the manifest)`,
    );
    const result = await engine.infer(prepared.warmup, 1, { deadline: performance.now() + 60_000 });
    const prediction = classPrediction(result.output, 0, model.manifest.classes);
    out(`example prediction: ${JSON.stringify(prediction)}`);
    out(`${model.manifest.name} ${model.version} (sha256 ${model.sha256}) is ready to serve`);
    return 0;
  } catch (error) {
    process.stderr.write(`check-model: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await engine?.close();
  }
}
