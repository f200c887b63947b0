// Used instead of native-files.ts in the compiled binary (scripts/build.ts swaps them), so that
// running from source never imports the .node file (Bun refuses to import an addon as a file).

import libraryPath from "../../node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1" with {
  type: "file",
};
import addonPath from "../../node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node" with {
  type: "file",
};
import type { NativeBundle } from "./native-files.ts";

declare const ML_SERVING_NATIVE_DIGEST: string;
declare const ML_SERVING_NATIVE_SIZES: Record<string, number>;

export const nativeBundle: NativeBundle | undefined = {
  digest: ML_SERVING_NATIVE_DIGEST,
  files: [
    {
      name: "libonnxruntime.so.1",
      embeddedPath: libraryPath,
      size: ML_SERVING_NATIVE_SIZES["libonnxruntime.so.1"] ?? -1,
    },
    {
      name: "onnxruntime_binding.node",
      embeddedPath: addonPath,
      size: ML_SERVING_NATIVE_SIZES["onnxruntime_binding.node"] ?? -1,
    },
  ],
};
