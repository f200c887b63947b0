// The compiled build resolves onnxruntime-node's `require("../bin/…/onnxruntime_binding.node")`
// to this module (see scripts/build.ts). Bun would otherwise unpack the embedded addon to a temp
// directory of its own, which fails when /tmp is noexec. The addon's RUNPATH is $ORIGIN, so
// loading it from the unpacked directory also finds libonnxruntime.so.1 beside it.
import { join } from "node:path";
import { getNativeDir } from "./native-dir.ts";

const dir = getNativeDir();
if (dir === undefined) {
  throw new Error("onnxruntime's native directory was not set before onnxruntime-node loaded");
}
const addon = { exports: {} };
process.dlopen(addon, join(dir, "onnxruntime_binding.node"));
module.exports = addon.exports;
