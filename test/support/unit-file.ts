import { readFileSync } from "node:fs";

/** A systemd unit file as `section → [key, value][]`, in file order (keys may repeat). */
export type UnitFile = Map<string, [string, string][]>;

/** Parses the subset of the unit-file syntax our units use: sections, `Key=value`, comments. */
export function readUnitFile(path: string): UnitFile {
  const unit: UnitFile = new Map();
  let section = "";
  for (const raw of readFileSync(path, "utf8").split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1]) {
      section = header[1];
      unit.set(section, unit.get(section) ?? []);
      continue;
    }
    const equals = line.indexOf("=");
    if (equals < 0) throw new Error(`${path}: not a setting: ${line}`);
    unit.get(section)?.push([line.slice(0, equals), line.slice(equals + 1)]);
  }
  return unit;
}

/** Every value of `key` in `section`, in order. */
export function settings(unit: UnitFile, section: string, key: string): string[] {
  return (unit.get(section) ?? []).filter(([name]) => name === key).map(([, value]) => value);
}

/** The single value of `key` in `section`; throws when it is missing or repeated. */
export function setting(unit: UnitFile, section: string, key: string): string {
  const values = settings(unit, section, key);
  if (values.length !== 1)
    throw new Error(`expected one ${section}/${key}, found ${values.length}`);
  return values[0] as string;
}

/** `30s`, `2min`, `45` (seconds) → milliseconds; enough of systemd.time(7) for our units. */
export function timespanMs(text: string): number {
  const match = /^(\d+)\s*(ms|s|sec|min|m)?$/.exec(text.trim());
  if (!match) throw new Error(`unsupported time span "${text}"`);
  const value = Number(match[1]);
  const unit = match[2] ?? "s";
  return value * (unit === "ms" ? 1 : unit === "min" || unit === "m" ? 60_000 : 1000);
}
