import { parseArgs } from "node:util";
import { singleConnections } from "./context.ts";
import { defaultBinary } from "./ml-serving-process.ts";

export const sectionNames = [
  "inference",
  "single",
  "batch",
  "startup",
  "overload",
  "peer",
] as const;
export type SectionName = (typeof sectionNames)[number];

export interface BenchOptions {
  sections: SectionName[];
  quick: boolean;
  warmupS: number;
  durationS: number;
  reps: number;
  connections: number[];
  binary: string;
  serverArgs: string[];
  peerDir: string;
  outDir: string | undefined;
}

export const usage = `npm run bench -- [options]

  --quick               short runs (1 s warm-up, 3 s measured once): a smoke test of the harness
  --sections a,b        only these: ${sectionNames.join(", ")} (default: all)
  --warmup S            warm-up seconds before each measured point (default 3)
  --duration S          seconds of each measured run (default 8)
  --reps N              measured runs per point, taken in turns; medians are reported (default 3)
  --connections a,b     connections of the single-prediction sweep (default ${singleConnections.join(",")})
  --binary PATH         the ml-serving binary (default dist/ml-serving, built if missing)
  --server-args="..."   extra ml-serving flags for every start, e.g. --server-args="--workers 2"
  --peer-dir DIR        the Python peer (default ../shared/peers/fastapi-seed, or $ML_SERVING_BENCH_PEER)
  --out DIR             results directory (default bench-results/<date>)`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: "boolean", default: false },
      sections: { type: "string" },
      warmup: { type: "string" },
      duration: { type: "string" },
      reps: { type: "string" },
      connections: { type: "string" },
      binary: { type: "string" },
      "server-args": { type: "string" },
      "peer-dir": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const number = (raw: string | undefined, fallback: number, name: string) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0)
      throw new Error(`--${name} must be a number >= 0, got "${raw}"`);
    return value;
  };
  const sections = (values.sections?.split(",").map((name) => name.trim()) ?? [
    ...sectionNames,
  ]) as SectionName[];
  for (const name of sections) {
    if (!sectionNames.includes(name))
      throw new Error(`unknown section "${name}"; choose from ${sectionNames.join(", ")}`);
  }
  const quick = values.quick;
  return {
    sections,
    quick,
    warmupS: number(values.warmup, quick ? 1 : 3, "warmup"),
    durationS: Math.max(1, number(values.duration, quick ? 3 : 8, "duration")),
    reps: Math.max(1, Math.round(number(values.reps, quick ? 1 : 3, "reps"))),
    connections:
      values.connections
        ?.split(",")
        .map((n) => Math.max(1, Math.round(number(n, 1, "connections")))) ?? singleConnections,
    binary: values.binary ?? defaultBinary,
    serverArgs: values["server-args"]?.split(/\s+/).filter((arg) => arg !== "") ?? [],
    peerDir:
      values["peer-dir"] ?? process.env.ML_SERVING_BENCH_PEER ?? "/work/shared/peers/fastapi-seed",
    outDir: values.out,
  };
}
