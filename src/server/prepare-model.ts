import { createEncoder, type Encoder } from "../model/encoder.ts";
import { exampleIssues } from "../model/example-issues.ts";
import { loadModelPackage, type ModelPackage, ModelPackageError } from "../model/model-package.ts";
import { nativeBundle } from "../runtime/native-files.ts";
import { disableOnnxruntimeTelemetry } from "../runtime/onnxruntime-telemetry.ts";
import { resolveRuntimeDir } from "../runtime/runtime-dir.ts";
import { unpackNative } from "../runtime/unpack-native.ts";

export interface PreparedModel {
  model: ModelPackage;
  encoder: Encoder;
  /** The manifest's example, encoded: each worker runs it before it counts as ready. */
  warmup: Float32Array;
  /** Where onnxruntime's native files were unpacked (compiled binary only). */
  nativeDir: string | undefined;
  /** Whether this start unpacked them (false: reused from an earlier start). */
  nativeUnpacked: boolean;
}

/**
 * Everything that happens before the workers start: read the model package, check the example
 * against the schema generated from the manifest, build the encoder, turn onnxruntime's
 * telemetry off and unpack onnxruntime.
 * Throws ModelPackageError (or RuntimeDirError) with a message for the operator.
 */
export async function prepareModel(options: {
  modelPath: string | undefined;
  manifestPath: string | undefined;
  runtimeDir: string | undefined;
  env: Record<string, string | undefined>;
}): Promise<PreparedModel> {
  const model = await loadModelPackage(options);
  const issues = exampleIssues(model.manifest);
  if (issues.length > 0) {
    const list = issues.map((issue) => `  example${issue.path}: ${issue.message}`).join("\n");
    throw new ModelPackageError(`the manifest's example is not a valid request:\n${list}`);
  }
  const encoder = createEncoder(model.manifest);
  disableOnnxruntimeTelemetry(options.env);
  const native =
    nativeBundle === undefined
      ? undefined
      : unpackNative(nativeBundle, resolveRuntimeDir(options.runtimeDir, options.env));
  return {
    model,
    encoder,
    warmup: encoder.encode([model.manifest.example]),
    nativeDir: native?.dir,
    nativeUnpacked: native?.unpacked ?? false,
  };
}
