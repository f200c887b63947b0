/**
 * Where the compiled binary unpacked onnxruntime's native files. Set in each worker before
 * `onnxruntime-node` is imported; read by src/runtime/ort-binding.ts, which the build puts in
 * place of onnxruntime-node's own `require("…/onnxruntime_binding.node")`.
 */
let nativeDir: string | undefined;

export function setNativeDir(dir: string): void {
  nativeDir = dir;
}

export function getNativeDir(): string | undefined {
  return nativeDir;
}
