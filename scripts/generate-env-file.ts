// Writes systemd/ml-serving.env from the option table (src/config/options.ts), so the env file
// lists every knob with its current default. `--check` only compares and exits 1 on a difference.
//
//   bun scripts/generate-env-file.ts [--check]
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { envFileText } from "../src/config/env-file.ts";

const target = join(resolve(import.meta.dir, ".."), "systemd/ml-serving.env");
const text = envFileText();
if (process.argv.includes("--check")) {
  if (readFileSync(target, "utf8") !== text) {
    console.error(`${target} is out of date: run bun scripts/generate-env-file.ts`);
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
