// Runs wrk (Debian's `wrk`, C, one thread by default) with our Lua script and reads its figures.
import { join } from "node:path";

const luaScript = join(import.meta.dir, "wrk/rotating-post.lua");

export interface WrkRun {
  /** e.g. http://127.0.0.1:8000 */
  baseUrl: string;
  /** One JSON body per line, or "PATH<TAB>BODY" lines. */
  bodiesFile: string;
  /** Where bodies without their own path go. */
  path: string;
  connections: number;
  durationS: number;
  /** wrk threads; one is plenty on two cores and leaves the server the rest. */
  threads?: number;
  /** A request slower than this counts as a timeout. */
  timeoutS?: number;
  /** Items per request, to turn requests into predictions. */
  itemsPerRequest?: number;
  /** Count answers by status (costs wrk some CPU). */
  tally?: boolean;
}

/** The JSON line our Lua script prints (times in microseconds). */
export interface WrkRaw {
  requests: number;
  duration_us: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latency_us: { p50: number; p90: number; p99: number; p999: number; max: number; mean: number };
  statuses: Record<string, number>;
  missing_retry_after: number;
}

export interface WrkResult {
  connections: number;
  durationS: number;
  requests: number;
  /** Answers with a status below 400, per second. */
  okPerS: number;
  /** okPerS × items per request. */
  itemsPerS: number;
  /** Answers with a status of 400 or more, and socket errors and timeouts. */
  failed: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  statuses: Record<string, number>;
  missingRetryAfter: number;
  /** CPU seconds wrk itself used. */
  wrkCpuS: number;
}

/** Finds the WRK_JSON line in wrk's output. */
export function parseWrkOutput(stdout: string): WrkRaw {
  const line = stdout.split("\n").find((candidate) => candidate.startsWith("WRK_JSON "));
  if (line === undefined) throw new Error(`wrk printed no WRK_JSON line:\n${stdout}`);
  return JSON.parse(line.slice("WRK_JSON ".length)) as WrkRaw;
}

export function wrkResult(
  raw: WrkRaw,
  run: Pick<WrkRun, "connections" | "itemsPerRequest">,
  wrkCpuS: number,
): WrkResult {
  const durationS = raw.duration_us / 1e6;
  const { errors } = raw;
  const failed = errors.status + errors.timeout + errors.connect + errors.read + errors.write;
  const ok = raw.requests - errors.status;
  const ms = (us: number) => us / 1000;
  return {
    connections: run.connections,
    durationS,
    requests: raw.requests,
    okPerS: ok / durationS,
    itemsPerS: (ok * (run.itemsPerRequest ?? 1)) / durationS,
    failed,
    p50Ms: ms(raw.latency_us.p50),
    p90Ms: ms(raw.latency_us.p90),
    p99Ms: ms(raw.latency_us.p99),
    p999Ms: ms(raw.latency_us.p999),
    maxMs: ms(raw.latency_us.max),
    statuses: raw.statuses,
    missingRetryAfter: raw.missing_retry_after,
    wrkCpuS,
  };
}

export function wrkBinary(): string {
  const found = Bun.which("wrk");
  if (found === null)
    throw new Error("wrk is not installed: apt-get install wrk (Debian), then run again");
  return found;
}

/** One wrk run; throws if wrk fails. */
export async function runWrk(run: WrkRun): Promise<WrkResult> {
  const args = [
    wrkBinary(),
    `-t${run.threads ?? 1}`,
    `-c${run.connections}`,
    `-d${run.durationS}s`,
    `--timeout`,
    `${run.timeoutS ?? 10}s`,
    "-s",
    luaScript,
    run.baseUrl,
    "--",
    run.bodiesFile,
    run.path,
  ];
  const child = Bun.spawn(args, {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, WRK_TALLY: run.tally ? "1" : "0" },
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`wrk exited with ${code}: ${stderr}${stdout}`);
  const usage = child.resourceUsage();
  const cpuS = usage === undefined ? 0 : Number(usage.cpuTime.user + usage.cpuTime.system) / 1e6;
  return wrkResult(parseWrkOutput(stdout), run, cpuS);
}
