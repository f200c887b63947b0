// The cost of metrics: the compiled binary with metrics on (scraped once a second, five times
// more often than ops/prometheus/prometheus.yml asks) against the same binary with
// `--metrics false`. Both run side by side; wrk loads one, then the other, in short slices that
// alternate, so a neighbour's load on a shared machine hits both alike. Reported per pair:
// throughput, and CPU time per request of the HTTP thread (where metrics are recorded) and of
// the whole process (workers included), read from /proc.
//
//   bun scripts/metrics-cost/run.ts [--rounds 10] [--seconds 3] [--connections 32]
//
// Needs wrk (Debian package `wrk`) and dist/ml-serving (`npm run build`).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseExposition, sampleValue } from "../../test/support/prometheus-text.ts";
import { repoRoot, type ServerProcess, startServer } from "../../test/support/server-process.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    rounds: { type: "string", default: "10" },
    seconds: { type: "string", default: "3" },
    connections: { type: "string", default: "32" },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const script = join(repoRoot, "scripts/metrics-cost/predict.lua");
const ticksPerSecond = 100; // USER_HZ on Linux x64

type Variant = "on" | "off";

interface Run {
  variant: Variant;
  requests: number;
  requestsPerSecond: number;
  p99Ms: number;
  non200: number;
  /** CPU microseconds per request: the HTTP (main) thread, and the whole process. */
  mainCpuUs: number;
  processCpuUs: number;
}

/** utime + stime, in clock ticks, of a /proc stat file. */
function cpuTicks(statPath: string): number {
  const stat = readFileSync(statPath, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** "1.23ms", "456.00us", "1.20s" → milliseconds */
function toMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text.trim());
  if (!match) throw new Error(`unreadable wrk latency ${text}`);
  const value = Number(match[1]);
  return match[2] === "us" ? value / 1000 : match[2] === "s" ? value * 1000 : value;
}

async function wrk(server: ServerProcess, variant: Variant): Promise<Run> {
  const pid = server.process.pid;
  const mainBefore = cpuTicks(`/proc/${pid}/task/${pid}/stat`);
  const processBefore = cpuTicks(`/proc/${pid}/stat`);
  const child = Bun.spawn(
    ["wrk", "-t1", `-c${connections}`, `-d${seconds}s`, "--latency", "-s", script, server.url],
    { stdout: "pipe", stderr: "pipe" },
  );
  const output = await new Response(child.stdout).text();
  if ((await child.exited) !== 0) {
    throw new Error(`wrk failed: ${await new Response(child.stderr).text()}`);
  }
  const mainTicks = cpuTicks(`/proc/${pid}/task/${pid}/stat`) - mainBefore;
  const processTicks = cpuTicks(`/proc/${pid}/stat`) - processBefore;
  const number = (pattern: RegExp) => {
    const match = pattern.exec(output);
    if (!match) throw new Error(`wrk output without ${pattern}:\n${output}`);
    return match[1] as string;
  };
  const requests = Number(number(/(\d+) requests in/));
  const perRequestUs = (ticks: number) => ((ticks / ticksPerSecond) * 1e6) / requests;
  return {
    variant,
    requests,
    requestsPerSecond: Number(number(/Requests\/sec:\s+([\d.]+)/)),
    p99Ms: toMs(number(/\s99%\s+(\S+)/)),
    non200: Number(number(/non-200: (\d+)/)),
    mainCpuUs: perRequestUs(mainTicks),
    processCpuUs: perRequestUs(processTicks),
  };
}

/** Scrapes /metrics once a second while `work` runs. */
async function whileScraping<T>(url: string, work: Promise<T>): Promise<T> {
  let running = true;
  const scraper = (async () => {
    while (running) {
      await (await fetch(`${url}/metrics`)).text();
      await Bun.sleep(1000);
    }
  })();
  const result = await work;
  running = false;
  await scraper;
  return result;
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

const servers: Partial<Record<Variant, ServerProcess>> = {};
try {
  const on = await startServer({ timeoutMs: 30_000 });
  servers.on = on;
  const off = await startServer({ args: ["--metrics", "false"], timeoutMs: 30_000 });
  servers.off = off;
  const run = (variant: Variant) =>
    variant === "on" ? whileScraping(on.url, wrk(on, "on")) : wrk(off, "off");
  // Warm both (JIT, connections) before measuring.
  await run("on");
  await run("off");
  const pairs: { on: Run; off: Run }[] = [];
  console.log("round  variant    req/s   p99 ms  main-thread µs/req  process µs/req  non-200");
  for (let round = 0; round < rounds; round += 1) {
    const order: Variant[] = round % 2 === 0 ? ["on", "off"] : ["off", "on"];
    const pair: Partial<Record<Variant, Run>> = {};
    for (const variant of order) {
      const result = await run(variant);
      pair[variant] = result;
      console.log(
        `${String(round + 1).padStart(5)}  ${variant.padEnd(7)} ${result.requestsPerSecond.toFixed(0).padStart(8)} ${result.p99Ms.toFixed(2).padStart(8)} ${result.mainCpuUs.toFixed(1).padStart(19)} ${result.processCpuUs.toFixed(1).padStart(15)} ${String(result.non200).padStart(8)}`,
      );
    }
    pairs.push(pair as { on: Run; off: Run });
  }
  const ratio = (pick: (run: Run) => number) =>
    median(pairs.map(({ on, off }) => pick(on) / pick(off)));
  const medianOf = (variant: Variant, pick: (run: Run) => number) =>
    median(pairs.map((pair) => pick(pair[variant])));
  console.log(`\nmedians over ${rounds} pairs (metrics on / metrics off):`);
  console.log(
    `  throughput          ${medianOf("on", (r) => r.requestsPerSecond).toFixed(0)} / ${medianOf("off", (r) => r.requestsPerSecond).toFixed(0)} req/s; median pair ratio ${ratio((r) => r.requestsPerSecond).toFixed(3)}`,
  );
  console.log(
    `  HTTP-thread CPU     ${medianOf("on", (r) => r.mainCpuUs).toFixed(1)} / ${medianOf("off", (r) => r.mainCpuUs).toFixed(1)} µs per request; median pair ratio ${ratio((r) => r.mainCpuUs).toFixed(3)}`,
  );
  console.log(
    `  process CPU         ${medianOf("on", (r) => r.processCpuUs).toFixed(1)} / ${medianOf("off", (r) => r.processCpuUs).toFixed(1)} µs per request; median pair ratio ${ratio((r) => r.processCpuUs).toFixed(3)}`,
  );
  console.log(
    `  p99 latency         ${medianOf("on", (r) => r.p99Ms).toFixed(2)} / ${medianOf("off", (r) => r.p99Ms).toFixed(2)} ms`,
  );
  const exposition = await (await fetch(`${on.url}/metrics`)).text();
  const scrape = parseExposition(exposition);
  const labels = { route: "/metrics", method: "GET", status: "200" };
  const scrapeMs =
    (sampleValue(scrape, "ml_serving_http_request_duration_seconds_sum", labels) /
      sampleValue(scrape, "ml_serving_http_request_duration_seconds_count", labels)) *
    1000;
  console.log(
    `  GET /metrics        ${scrapeMs.toFixed(2)} ms in the server on average (${sampleValue(scrape, "ml_serving_http_request_duration_seconds_count", labels)} scrapes under load); ${(exposition.length / 1024).toFixed(1)} KiB`,
  );
  if (pairs.some(({ on: a, off: b }) => a.non200 + b.non200 > 0)) {
    console.log("warning: some answers were not 200; the runs are not comparable");
  }
} finally {
  for (const server of Object.values(servers)) await server?.stop();
}
