import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { embeddedManifestPath, embeddedModelPath } from "./embedded-model.ts";
import { ManifestError, parseManifest } from "./manifest.ts";
import type { Manifest } from "./manifest-schema.ts";

/** An ONNX model with its manifest, read and checked, ready to hand to the workers. */
export interface ModelPackage {
  manifest: Manifest;
  onnx: Uint8Array;
  /** SHA-256 of the ONNX file, hex. */
  sha256: string;
  /** The manifest's version, else the first 12 hex digits of the SHA-256. */
  version: string;
  /** "embedded", or the absolute path of the ONNX file. */
  source: string;
}

/** The model package cannot be used; the message says what is wrong and where. */
export class ModelPackageError extends Error {
  override readonly name = "ModelPackageError";
}

/** `models/churn.onnx` → `models/churn.manifest.json` */
export function manifestPathFor(modelPath: string): string {
  return modelPath.replace(/(\.onnx)?$/i, ".manifest.json");
}

async function readOrExplain(path: string, what: string): Promise<Uint8Array> {
  try {
    // Bun.file, not node:fs: it also reads the binary's embedded /$bunfs/ files.
    return await Bun.file(path).bytes();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : code;
    throw new ModelPackageError(`cannot read the ${what} ${path}: ${reason ?? "unreadable"}`);
  }
}

/**
 * Reads the model and its manifest: the embedded churn model when `modelPath` is not given.
 * Checks the manifest here; checking it against the ONNX graph needs onnxruntime and happens
 * where a session is created (src/model/session-check.ts).
 */
export async function loadModelPackage(
  options: { modelPath?: string | undefined; manifestPath?: string | undefined } = {},
): Promise<ModelPackage> {
  const embedded = options.modelPath === undefined;
  const modelPath = embedded ? embeddedModelPath : resolve(options.modelPath as string);
  const manifestPath = options.manifestPath
    ? resolve(options.manifestPath)
    : embedded
      ? embeddedManifestPath
      : manifestPathFor(modelPath);
  const onnx = await readOrExplain(modelPath, "model");
  const manifestText = new TextDecoder().decode(await readOrExplain(manifestPath, "manifest"));
  let manifest: Manifest;
  try {
    manifest = parseManifest(manifestText);
  } catch (error) {
    if (!(error instanceof ManifestError)) throw error;
    throw new ModelPackageError(`invalid manifest ${manifestPath}: ${error.message}`);
  }
  const sha256 = createHash("sha256").update(onnx).digest("hex");
  return {
    manifest,
    onnx,
    sha256,
    version: manifest.version ?? sha256.slice(0, 12),
    source: embedded ? "embedded" : modelPath,
  };
}
