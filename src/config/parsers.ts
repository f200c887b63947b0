/**
 * Value parsers for options. Each returns the parsed value or throws a `RangeError` whose message
 * completes "invalid value for --flag: ...".
 */

export function parseInteger({ min, max }: { min: number; max: number }) {
  return (raw: string): number => {
    const text = raw.trim();
    if (!/^-?\d+$/.test(text)) throw new RangeError(`expected an integer, got "${raw}"`);
    const value = Number(text);
    if (value < min || value > max) {
      throw new RangeError(`expected an integer from ${min} to ${max}, got ${text}`);
    }
    return value;
  };
}

export function parseString({ minLength }: { minLength: number }) {
  return (raw: string): string => {
    if (raw.length < minLength) throw new RangeError("expected a non-empty value");
    return raw;
  };
}

const truthy = new Set(["1", "true", "yes", "on"]);
const falsy = new Set(["0", "false", "no", "off"]);

export function parseBoolean() {
  return (raw: string): boolean => {
    const text = raw.trim().toLowerCase();
    if (truthy.has(text)) return true;
    if (falsy.has(text)) return false;
    throw new RangeError(`expected true or false, got "${raw}"`);
  };
}

export function parseChoice<const C extends readonly string[]>(choices: C) {
  return (raw: string): C[number] => {
    const text = raw.trim().toLowerCase();
    const found = choices.find((choice) => choice === text);
    if (found === undefined) {
      throw new RangeError(`expected one of ${choices.join(", ")}, got "${raw}"`);
    }
    return found;
  };
}

/** Comma-separated; blanks around items are dropped, and so are empty items. */
export function parseList() {
  return (raw: string): string[] =>
    raw
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
}
