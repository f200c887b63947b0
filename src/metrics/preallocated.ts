import type { Metric, Registry } from "prom-client";

/**
 * Counters and histograms for the request path. prom-client's own cost about a microsecond per
 * request here (each `inc`/`observe` builds a label hash string and validates the labels again,
 * even on a bound child), which the benchmark showed as several percent of the HTTP thread at
 * full load. These keep a child per label set with its values in plain fields and typed arrays,
 * so an observation is a bucket search and two additions, and hand prom-client's registry the
 * same `get()` result its own metrics do: exposition, content type and the default metrics stay
 * prom-client's. test/metrics/preallocated.test.ts checks that the output equals prom-client's.
 */

type Labels = Record<string, string>;

interface MetricValue {
  value: number;
  labels: Labels;
  metricName?: string;
}

interface Family<Child> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly children: Map<string, { labels: Labels; child: Child }>;
}

/** The child for these label values, made on first use and kept. */
function childOf<Child>(
  family: Family<Child>,
  values: readonly string[],
  make: () => Child,
): Child {
  if (values.length !== family.labelNames.length) {
    throw new Error(
      `${family.name} takes ${family.labelNames.length} label values, got ${values.length}`,
    );
  }
  const key = values.join("\u0000");
  let entry = family.children.get(key);
  if (entry === undefined) {
    const labels: Labels = {};
    family.labelNames.forEach((name, index) => {
      labels[name] = values[index] as string;
    });
    entry = { labels, child: make() };
    family.children.set(key, entry);
  }
  return entry.child;
}

/** prom-client's Registry only reads `name`, `type`, `get()` and `reset()` of what it holds. */
function register(registry: Registry, metric: object): void {
  registry.registerMetric(metric as Metric);
}

export class CounterChild {
  value = 0;
  inc(by = 1): void {
    this.value += by;
  }
}

/**
 * A counter with labels.
 *
 * @example
 * const requests = new CounterFamily(registry, { name: "x_requests_total", help: "…", labelNames: ["route"] });
 * const predict = requests.child("/api/v1/predict"); // keep it
 * predict.inc();
 */
export class CounterFamily implements Family<CounterChild> {
  readonly type = "counter";
  readonly aggregator = "sum";
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly children = new Map<string, { labels: Labels; child: CounterChild }>();

  constructor(
    registry: Registry,
    options: { name: string; help: string; labelNames?: readonly string[] },
  ) {
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
    register(registry, this);
  }

  /** The child for these label values (in `labelNames` order); it shows as 0 until counted. */
  child(...values: string[]): CounterChild {
    return childOf(this, values, () => new CounterChild());
  }

  async get() {
    const values: MetricValue[] = [];
    for (const { labels, child } of this.children.values())
      values.push({ value: child.value, labels });
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    };
  }

  reset(): void {
    for (const { child } of this.children.values()) child.value = 0;
  }
}

export class HistogramChild {
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** A value that is not a finite number is ignored: the request path must never throw. */
  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    const { bounds } = this;
    let index = 0;
    while (index < bounds.length && value > (bounds[index] as number)) index += 1;
    this.counts[index] = (this.counts[index] as number) + 1;
    this.sum += value;
    this.count += 1;
  }
}

/**
 * A histogram with labels; `buckets` are the upper bounds (`le`), ascending.
 *
 * @example
 * const duration = new HistogramFamily(registry, { name: "x_seconds", help: "…", buckets: [0.001, 0.01] });
 * duration.child().observe(0.0004);
 */
export class HistogramFamily implements Family<HistogramChild> {
  readonly type = "histogram";
  readonly aggregator = "sum";
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly buckets: readonly number[];
  readonly children = new Map<string, { labels: Labels; child: HistogramChild }>();

  constructor(
    registry: Registry,
    options: {
      name: string;
      help: string;
      buckets: readonly number[];
      labelNames?: readonly string[];
    },
  ) {
    const sorted = [...options.buckets].sort((a, b) => a - b);
    if (
      sorted.some((bound, index) => bound !== options.buckets[index] || bound === sorted[index - 1])
    ) {
      throw new Error(`${options.name}: buckets must rise strictly`);
    }
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames ?? [];
    this.buckets = [...options.buckets];
    register(registry, this);
  }

  /** The child for these label values (in `labelNames` order); it shows with zero counts until observed. */
  child(...values: string[]): HistogramChild {
    return childOf(this, values, () => new HistogramChild(this.buckets));
  }

  async get() {
    const values: MetricValue[] = [];
    const bucketName = `${this.name}_bucket`;
    for (const { labels, child } of this.children.values()) {
      let cumulative = 0;
      this.buckets.forEach((bound, index) => {
        cumulative += child.counts[index] as number;
        values.push({
          value: cumulative,
          labels: { ...labels, le: String(bound) },
          metricName: bucketName,
        });
      });
      values.push({
        value: child.count,
        labels: { ...labels, le: "+Inf" },
        metricName: bucketName,
      });
      values.push({ value: child.sum, labels, metricName: `${this.name}_sum` });
      values.push({ value: child.count, labels, metricName: `${this.name}_count` });
    }
    return {
      name: this.name,
      help: this.help,
      type: this.type,
      aggregator: this.aggregator,
      values,
    };
  }

  reset(): void {
    for (const { child } of this.children.values()) {
      child.counts.fill(0);
      child.sum = 0;
      child.count = 0;
    }
  }
}
