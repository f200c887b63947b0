/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: Sample[];
  /** `# TYPE` of each metric family. */
  types: Map<string, string>;
  /** `# HELP` of each metric family. */
  help: Map<string, string>;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

const unescapeLabel = (value: string) =>
  value.replace(/\\(.)/g, (_, char: string) => (char === "n" ? "\n" : char));

function parseValue(raw: string): number {
  if (raw === "+Inf") return Number.POSITIVE_INFINITY;
  if (raw === "-Inf") return Number.NEGATIVE_INFINITY;
  return Number(raw);
}

/** Parses the text exposition format (what prom-client writes); throws on a line it cannot read. */
export function parseExposition(text: string): Scrape {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const help = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      (meta[1] === "HELP" ? help : types).set(meta[2] as string, meta[3] as string);
      continue;
    }
    if (line.startsWith("#")) continue;
    const match = sampleLine.exec(line);
    if (!match) throw new Error(`unreadable exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(labelPair))
      labels[pair[1] as string] = unescapeLabel(pair[2] as string);
    samples.push({ name: match[1] as string, labels, value: parseValue(match[3] as string) });
  }
  return { samples, types, help };
}

const matches = (sample: Sample, name: string, labels: Record<string, string>) =>
  sample.name === name &&
  Object.entries(labels).every(([key, value]) => sample.labels[key] === value);

/** Every sample of `name` whose labels include `labels`. */
export function samplesOf(
  scrape: Scrape,
  name: string,
  labels: Record<string, string> = {},
): Sample[] {
  return scrape.samples.filter((sample) => matches(sample, name, labels));
}

/** The value of the one sample of `name` with these labels; throws unless exactly one matches. */
export function sampleValue(
  scrape: Scrape,
  name: string,
  labels: Record<string, string> = {},
): number {
  const found = samplesOf(scrape, name, labels);
  if (found.length !== 1) {
    throw new Error(
      `${found.length} samples of ${name}${JSON.stringify(labels)}, expected exactly 1`,
    );
  }
  return (found[0] as Sample).value;
}

/** Metric family names: a histogram's `_bucket`, `_sum` and `_count` samples count as its name. */
export function familyNames(scrape: Scrape): Set<string> {
  return new Set([...scrape.types.keys()]);
}

/**
 * A histogram's buckets (cumulative counts by upper bound), sum and count for one label set, and
 * checks of its internal consistency.
 */
export function histogramOf(scrape: Scrape, name: string, labels: Record<string, string> = {}) {
  const buckets = samplesOf(scrape, `${name}_bucket`, labels).map((sample) => ({
    le: parseValue(sample.labels.le as string),
    count: sample.value,
  }));
  const count = sampleValue(scrape, `${name}_count`, labels);
  const sum = sampleValue(scrape, `${name}_sum`, labels);
  /** Cumulative count at upper bound `le`. */
  const at = (le: number) => {
    const bucket = buckets.find((candidate) => candidate.le === le);
    if (bucket === undefined) throw new Error(`${name} has no bucket le=${le}`);
    return bucket.count;
  };
  return { buckets, count, sum, at };
}
