import ortPackage from "../node_modules/onnxruntime-node/package.json" with { type: "json" };
import appPackage from "../package.json" with { type: "json" };

/** ml-serving's own version (package.json). */
export const appVersion: string = appPackage.version;

/** The onnxruntime-node version built in, known without loading the native library. */
export const onnxruntimeVersion: string = ortPackage.version;
