import { columnCount, encodedWidth } from "./manifest.ts";
import type { Feature, Manifest } from "./manifest-schema.ts";
import { ruleIssues } from "./rules.ts";

/** Why one row of an encoded tensor is not something the encoder could have written. */
export interface RowIssue {
  row: number;
  /** First column of the offending feature. */
  column: number;
  /** Columns the feature takes (more than one for a one-hot group). */
  columns: number;
  feature: string;
  message: string;
}

type Reading = { value: unknown; issue?: undefined } | { value?: undefined; issue: string };
type ColumnReader = (tensor: ArrayLike<number>, at: number) => Reading;

const encodedForm = (center: number, scale: number) =>
  center === 0 && scale === 1 ? "" : ` (encoded as (value − ${center}) / ${scale})`;

function numericReader(feature: Extract<Feature, { type: "integer" | "number" }>): ColumnReader {
  const center = feature.transform?.center ?? 0;
  const scale = feature.transform?.scale ?? 1;
  const encode = (value: number) => Math.fround((value - center) / scale);
  const form = encodedForm(center, scale);
  const { minimum, maximum } = feature;
  if (feature.type === "integer") {
    return (tensor, at) => {
      const encoded = tensor[at] as number;
      if (!Number.isFinite(encoded)) return { issue: "must be a finite number" };
      // A whole number whose encoding is exactly this value: the encoder wrote it.
      const value = Math.round(encoded * scale + center);
      if (encode(value) !== Math.fround(encoded)) return { issue: `must be a whole number${form}` };
      if (minimum !== undefined && value < minimum) return { issue: `must be ≥ ${minimum}${form}` };
      if (maximum !== undefined && value > maximum) return { issue: `must be ≤ ${maximum}${form}` };
      return { value };
    };
  }
  // Bounds compared in the encoded space, where the encoder's rounding is monotonic: every
  // value within [minimum, maximum] encodes within [encode(minimum), encode(maximum)].
  const low = minimum === undefined ? undefined : encode(minimum);
  const high = maximum === undefined ? undefined : encode(maximum);
  return (tensor, at) => {
    const encoded = tensor[at] as number;
    if (!Number.isFinite(encoded)) return { issue: "must be a finite number" };
    if (low !== undefined && encoded < low) return { issue: `must be ≥ ${minimum}${form}` };
    if (high !== undefined && encoded > high) return { issue: `must be ≤ ${maximum}${form}` };
    return { value: encoded * scale + center };
  };
}

function columnReader(feature: Feature): ColumnReader {
  switch (feature.type) {
    case "integer":
    case "number":
      return numericReader(feature);
    case "boolean":
      return (tensor, at) => {
        const encoded = tensor[at];
        if (encoded === 1) return { value: true };
        if (encoded === 0) return { value: false };
        return { issue: "must be 1 (true) or 0 (false)" };
      };
    case "enum": {
      const { values } = feature;
      if (feature.encoding === "ordinal") {
        const choices = values.map((value, index) => `${index} = ${value}`).join(", ");
        return (tensor, at) => {
          const encoded = tensor[at] as number;
          return Number.isInteger(encoded) && encoded >= 0 && encoded < values.length
            ? { value: values[encoded] }
            : { issue: `must be the index of a value (${choices})` };
        };
      }
      const issue = `must be one-hot over ${values.length} columns (${values.join(", ")}): one 1, the rest 0`;
      return (tensor, at) => {
        let hot = -1;
        for (let index = 0; index < values.length; index += 1) {
          const encoded = tensor[at + index];
          if (encoded === 1 && hot < 0) hot = index;
          else if (encoded !== 0) return { issue };
        }
        return hot < 0 ? { issue } : { value: values[hot] };
      };
    }
  }
}

export interface Decoder {
  /** Columns per row of the model's input tensor. */
  readonly width: number;
  /**
   * The input that row `row` of `tensor` (row-major, `width` columns) encodes, or every reason
   * it cannot be one: a value out of bounds, an integer that is not whole, a boolean that is
   * not 0/1, a bad ordinal index, a one-hot group without exactly one 1, a broken rule.
   */
  decodeRow(
    tensor: ArrayLike<number>,
    row: number,
  ): { input: Record<string, unknown>; issues: RowIssue[] };
  /** The issues of the first `rows` rows, in row order, at most `limit` of them. */
  check(tensor: ArrayLike<number>, rows: number, limit?: number): RowIssue[];
}

/**
 * The inverse of the encoder (src/model/encoder.ts), for clients that send the model's input
 * tensor itself (the Open Inference Protocol): it accepts exactly the rows the encoder can
 * write for inputs that pass the request schema and the manifest's rules.
 *
 * @example
 * const decoder = createDecoder(manifest);
 * decoder.decodeRow(createEncoder(manifest).encode([manifest.example]), 0);
 * // { input: { tenure_months: 24, ... }, issues: [] }
 */
export function createDecoder(manifest: Manifest): Decoder {
  const width = encodedWidth(manifest);
  const rules = manifest.rules ?? [];
  let offset = 0;
  const columns = manifest.features.map((feature) => {
    const column = {
      feature: feature.name,
      column: offset,
      columns: columnCount(feature),
      read: columnReader(feature),
    };
    offset += column.columns;
    return column;
  });
  const byName = new Map(columns.map((column) => [column.feature, column]));

  const decodeRow: Decoder["decodeRow"] = (tensor, row) => {
    const input: Record<string, unknown> = {};
    const issues: RowIssue[] = [];
    for (const { feature, column, columns: span, read } of columns) {
      const reading = read(tensor, row * width + column);
      if (reading.issue === undefined) input[feature] = reading.value;
      else issues.push({ row, column, columns: span, feature, message: reading.issue });
    }
    // The rules compare values the schema already accepted, as the predict routes do.
    if (issues.length > 0) return { input, issues };
    for (const issue of ruleIssues(input, rules)) {
      const feature = issue.path.slice(1);
      const column = byName.get(feature);
      issues.push({
        row,
        column: column?.column ?? 0,
        columns: column?.columns ?? 1,
        feature,
        message: issue.message,
      });
    }
    return { input, issues };
  };

  return {
    width,
    decodeRow,
    check(tensor, rows, limit = Number.POSITIVE_INFINITY) {
      const issues: RowIssue[] = [];
      for (let row = 0; row < rows && issues.length < limit; row += 1) {
        issues.push(...decodeRow(tensor, row).issues);
      }
      return issues.slice(0, limit);
    },
  };
}
