import { dlopen, FFIType } from "bun:ffi";

const variable = "ORT_DISABLE_TELEMETRY";

/**
 * onnxruntime 1.30 on Linux collects telemetry: it writes a device id and an event database
 * under ~/.cache/Microsoft/DeveloperTools/ and a /tmp/mat-debug-<pid>.log, and uploads events to
 * Microsoft when it finds a CA bundle. An inference appliance must not phone home, so it is off
 * unless the operator set ORT_DISABLE_TELEMETRY themselves.
 *
 * onnxruntime reads the C environment when it loads, and Bun's `process.env` does not write to
 * it, so this calls libc's setenv. Call it on the main thread before any worker starts.
 *
 * @example
 * disableOnnxruntimeTelemetry(process.env); // before createWorkerPool(...).start()
 */
export function disableOnnxruntimeTelemetry(env: Record<string, string | undefined>): void {
  if (env[variable] !== undefined) return;
  const libc = dlopen("libc.so.6", {
    setenv: { args: [FFIType.cstring, FFIType.cstring, FFIType.i32], returns: FFIType.i32 },
  });
  try {
    libc.symbols.setenv(Buffer.from(`${variable}\0`), Buffer.from("1\0"), 0);
  } finally {
    libc.close();
  }
}
