import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { envFileText } from "../../src/config/env-file.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import { envName, type OptionSpec, optionSpecs } from "../../src/config/options.ts";
import { repoRoot } from "../support/server-process.ts";

const committed = readFileSync(join(repoRoot, "systemd/ml-serving.env"), "utf8");
const specs = Object.values(optionSpecs) as OptionSpec<unknown>[];

test("systemd/ml-serving.env is the file generated from the option table", () => {
  // On failure: bun scripts/generate-env-file.ts
  expect(committed).toBe(envFileText());
});

test("lists every option once, commented out, and nothing else", () => {
  const assignments = committed.split("\n").filter((line) => /^#ML_SERVING_\w+=/.test(line));
  const names = assignments.map((line) => line.slice(1, line.indexOf("=")));
  expect(names.sort()).toEqual(specs.map((spec) => envName(spec.flag)).sort());
  const active = committed
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.startsWith("#"));
  expect(active).toEqual([]);
});

test("every shown default, uncommented, is accepted and equals the default", () => {
  const env: Record<string, string> = {};
  for (const line of committed.split("\n")) {
    const match = /^#(ML_SERVING_\w+)=(.+)$/.exec(line);
    if (match?.[1] && match[2]) env[match[1]] = match[2];
  }
  expect(Object.keys(env).length).toBeGreaterThan(10);
  expect(loadConfig([], env)).toEqual(loadConfig([], {}));
});

test("holds nothing that depends on the machine it was generated on", () => {
  expect(committed).not.toContain("(here");
  for (const spec of specs.filter((candidate) => candidate.defaultText !== undefined)) {
    expect(committed).toContain(`\n#${envName(spec.flag)}=\n`);
  }
});
