// `npm run build`: compiles the server into one executable, dist/ml-serving, with the worker
// entry, onnxruntime's addon and shared library, and the default model embedded.
//
//   bun scripts/build.ts [--outfile dist/ml-serving] [--fault-hooks]
//
// --fault-hooks builds the test binary whose workers can be told to crash or hang
// (ML_SERVING_TEST_FAULTS=1); the production binary cannot do that at all.
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import type { BunPlugin } from "bun";

const root = resolve(dirname(new URL(import.meta.url).pathname), "..");
const nativeDir = join(root, "node_modules/onnxruntime-node/bin/napi-v6/linux/x64");
const nativeFiles = ["libonnxruntime.so.1", "onnxruntime_binding.node"];

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    outfile: { type: "string", default: join(root, "dist/ml-serving") },
    "fault-hooks": { type: "boolean", default: false },
  },
});

/** Names the unpack directory after the files' content, so an upgrade never reuses old files. */
function nativeDigest(): { digest: string; sizes: Record<string, number> } {
  const hash = createHash("sha256");
  const sizes: Record<string, number> = {};
  for (const name of nativeFiles) {
    const bytes = readFileSync(join(nativeDir, name));
    hash.update(name).update(bytes);
    sizes[name] = bytes.byteLength;
  }
  return { digest: hash.digest("hex"), sizes };
}

/** Puts our loader where onnxruntime-node requires its addon, and the embedded file list in. */
const nativeLoading: BunPlugin = {
  name: "ml-serving-native-loading",
  setup(build) {
    build.onResolve({ filter: /onnxruntime_binding\.node$/ }, (args) =>
      args.importer.includes("onnxruntime-node")
        ? { path: join(root, "src/runtime/ort-binding.ts") }
        : undefined,
    );
    build.onResolve({ filter: /\/native-files\.ts$/ }, (args) =>
      args.importer.startsWith(join(root, "src"))
        ? { path: join(root, "src/runtime/native-files.compiled.ts") }
        : undefined,
    );
  },
};

const { digest, sizes } = nativeDigest();
const started = performance.now();
const result = await Bun.build({
  entrypoints: [join(root, "src/main.ts"), join(root, "src/workers/worker-entry.ts")],
  root: join(root, "src"),
  compile: {
    outfile: values.outfile,
    // The binary's behaviour must not depend on a .env or bunfig.toml in its working directory.
    autoloadDotenv: false,
    autoloadBunfig: false,
  },
  minify: true,
  sourcemap: "linked",
  bytecode: true,
  define: {
    ML_SERVING_FAULT_HOOKS: JSON.stringify(values["fault-hooks"]),
    ML_SERVING_COMPILED: "true",
    ML_SERVING_NATIVE_DIGEST: JSON.stringify(digest),
    ML_SERVING_NATIVE_SIZES: JSON.stringify(sizes),
  },
  plugins: [nativeLoading],
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
const size = statSync(values.outfile).size;
console.log(
  `built ${values.outfile} (${(size / 1048576).toFixed(1)} MiB${values["fault-hooks"] ? ", with test fault hooks" : ""}) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
