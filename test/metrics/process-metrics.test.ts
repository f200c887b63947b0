import { describe, expect, test } from "bun:test";
import { createServer } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";
import {
  droppedDefaultMetrics,
  registerProcessMetrics,
} from "../../src/metrics/process-metrics.ts";
import {
  parseExposition,
  type Scrape,
  samplesOf,
  sampleValue,
} from "../support/prometheus-text.ts";

async function scrapeOf(register: (registry: Registry) => void): Promise<Scrape> {
  const registry = new Registry();
  register(registry);
  return parseExposition(await registry.metrics());
}

describe("the process metrics we keep are sane under Bun", () => {
  test("CPU, memory, start time, file descriptors, heap", async () => {
    let spin = 0;
    for (let i = 0; i < 5_000_000; i += 1) spin += i;
    expect(spin).toBeGreaterThan(0);
    const scrape = await scrapeOf(registerProcessMetrics);
    expect(sampleValue(scrape, "process_cpu_seconds_total")).toBeGreaterThan(0);
    expect(sampleValue(scrape, "process_cpu_seconds_total")).toBeCloseTo(
      sampleValue(scrape, "process_cpu_user_seconds_total") +
        sampleValue(scrape, "process_cpu_system_seconds_total"),
      5,
    );
    const rss = sampleValue(scrape, "process_resident_memory_bytes");
    expect(rss).toBeGreaterThan(10 * 1048576);
    expect(rss).toBeCloseTo(process.memoryUsage.rss(), -7);
    expect(sampleValue(scrape, "process_virtual_memory_bytes")).toBeGreaterThan(rss);
    const expectedStart = Date.now() / 1000 - process.uptime();
    expect(
      Math.abs(sampleValue(scrape, "process_start_time_seconds") - expectedStart),
    ).toBeLessThan(2);
    const openFds = sampleValue(scrape, "process_open_fds");
    expect(openFds).toBeGreaterThanOrEqual(3);
    expect(openFds).toBeLessThan(sampleValue(scrape, "process_max_fds"));
    const heapUsed = sampleValue(scrape, "nodejs_heap_size_used_bytes");
    expect(heapUsed).toBeGreaterThan(1048576);
    expect(heapUsed).toBeLessThanOrEqual(sampleValue(scrape, "nodejs_heap_size_total_bytes"));
  });

  test("event-loop delay sees a blocked loop", async () => {
    const registry = new Registry();
    registerProcessMetrics(registry);
    await registry.metrics(); // resets the delay histogram
    await Bun.sleep(30);
    const blockedUntil = performance.now() + 150;
    while (performance.now() < blockedUntil) {
      // hold the event loop
    }
    await Bun.sleep(30);
    const scrape = parseExposition(await registry.metrics());
    expect(sampleValue(scrape, "nodejs_eventloop_lag_max_seconds")).toBeGreaterThan(0.1);
    expect(sampleValue(scrape, "nodejs_eventloop_lag_min_seconds")).toBeLessThan(0.1);
  });

  test("none of the dropped metrics is exported", async () => {
    const scrape = await scrapeOf(registerProcessMetrics);
    for (const name of Object.keys(droppedDefaultMetrics))
      expect(scrape.types.has(name)).toBe(false);
    expect(scrape.types.size).toBeGreaterThanOrEqual(15);
  });
});

// Why each dropped metric is dropped: if one of these starts failing, Bun fixed the metric and
// it can come back (remove it from droppedDefaultMetrics).
describe("the default metrics we drop are still wrong under Bun", () => {
  test("process_heap_bytes is the address space JavaScriptCore reserves, not a heap", async () => {
    const scrape = await scrapeOf((registry) => collectDefaultMetrics({ register: registry }));
    const heap = sampleValue(scrape, "process_heap_bytes");
    expect(heap).toBeGreaterThan(1024 ** 3);
    expect(heap).toBeGreaterThan(20 * sampleValue(scrape, "nodejs_heap_size_total_bytes"));
  });

  test("active handles, requests and resources read 0 with a timer and a socket open", async () => {
    const timer = setInterval(() => {}, 1000);
    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    try {
      const scrape = await scrapeOf((registry) => collectDefaultMetrics({ register: registry }));
      expect(sampleValue(scrape, "nodejs_active_handles_total")).toBe(0);
      expect(sampleValue(scrape, "nodejs_active_requests_total")).toBe(0);
      expect(sampleValue(scrape, "nodejs_active_resources_total")).toBe(0);
      expect(samplesOf(scrape, "nodejs_active_handles")).toHaveLength(0);
    } finally {
      clearInterval(timer);
      server.close();
    }
  });

  test("heap spaces: all but one read 0", async () => {
    const scrape = await scrapeOf((registry) => collectDefaultMetrics({ register: registry }));
    const sizes = samplesOf(scrape, "nodejs_heap_space_size_total_bytes");
    expect(sizes.length).toBeGreaterThan(5);
    expect(sizes.filter((sample) => sample.value > 0).length).toBeLessThanOrEqual(1);
  });

  test("nodejs_version_info is the Node.js version Bun imitates", async () => {
    const scrape = await scrapeOf((registry) => collectDefaultMetrics({ register: registry }));
    const [sample] = samplesOf(scrape, "nodejs_version_info");
    expect(sample?.labels.version).toBe(process.version);
    expect(process.version).not.toBe(`v${Bun.version}`);
  });

  test("the GC histogram stays empty after a collection", async () => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const garbage = Array.from({ length: 200_000 }, (_, i) => ({ i }));
    expect(garbage.length).toBe(200_000);
    Bun.gc(true);
    await Bun.sleep(50);
    const scrape = parseExposition(await registry.metrics());
    expect(scrape.types.get("nodejs_gc_duration_seconds")).toBe("histogram");
    expect(samplesOf(scrape, "nodejs_gc_duration_seconds_count")).toHaveLength(0);
  });
});
