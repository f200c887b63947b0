// `npm run loadtest [-- k6 options]`: runs the k6 load test (loadtest/ml-serving.ts) with real k6.
// The scenario and target come from the environment: SCENARIO=load BASE_URL=… npm run loadtest
import { resolve } from "node:path";

const script = resolve(import.meta.dir, "../loadtest/ml-serving.ts");
const k6 = Bun.which("k6");
if (k6 === null) {
  console.error(
    [
      "k6 is not installed (or not on PATH).",
      "Install k6 v1.0 or later (it runs TypeScript as is): https://grafana.com/docs/k6/latest/set-up/install-k6/",
      `then run: k6 run ${script}   (see loadtest/README.md for the scenarios)`,
      "Without k6, `npm run bench` measures ml-serving with wrk instead.",
    ].join("\n"),
  );
  process.exit(127);
}
const child = Bun.spawn([k6, "run", ...process.argv.slice(2), script], {
  stdio: ["inherit", "inherit", "inherit"],
});
process.exit(await child.exited);
