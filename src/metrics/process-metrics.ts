import { collectDefaultMetrics, type Registry } from "prom-client";

/**
 * prom-client's default metrics that report nonsense under Bun, and why. Each was checked on
 * Bun 1.4 (test/metrics/process-metrics.test.ts asserts the defect is still there, so the list
 * is revisited when Bun fixes one).
 */
export const droppedDefaultMetrics: Readonly<Record<string, string>> = {
  process_heap_bytes:
    "reads VmData from /proc/self/status, which under Bun is JavaScriptCore's address-space reservation (about 6 GiB), not a heap",
  nodejs_active_handles: "Bun does not report libuv handles: always empty",
  nodejs_active_handles_total: "Bun does not report libuv handles: always 0",
  nodejs_active_requests: "Bun does not report libuv requests: always empty",
  nodejs_active_requests_total: "Bun does not report libuv requests: always 0",
  nodejs_active_resources: "process.getActiveResourcesInfo() is always empty under Bun",
  nodejs_active_resources_total:
    "process.getActiveResourcesInfo() is always empty under Bun: always 0",
  nodejs_heap_space_size_total_bytes: "Bun has no V8 heap spaces: every space but one reports 0",
  nodejs_heap_space_size_used_bytes: "Bun has no V8 heap spaces: every space but one reports 0",
  nodejs_heap_space_size_available_bytes:
    "Bun has no V8 heap spaces: every space but one reports 0",
  nodejs_version_info:
    "the Node.js version Bun claims compatibility with; ml_serving_build_info carries the real Bun version",
  nodejs_gc_duration_seconds: "Bun emits no GC performance entries: the histogram stays empty",
};

/**
 * The default process metrics of the main process (CPU, memory, file descriptors, event-loop
 * delay, JavaScript heap), without those that are wrong under Bun. The process's CPU time
 * includes the inference workers: they are threads of this process.
 *
 * @example
 * const registry = new Registry();
 * registerProcessMetrics(registry); // process_cpu_seconds_total, process_resident_memory_bytes, ...
 */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of Object.keys(droppedDefaultMetrics)) registry.removeSingleMetric(name);
}
