import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { NativeBundle } from "./native-files.ts";

const completeMarker = ".complete";

/** The runtime directory cannot be used safely; start-up stops with this message. */
export class RuntimeDirError extends Error {
  override readonly name = "RuntimeDirError";
}

function assertPrivate(dir: string): void {
  const stat = statSync(dir);
  const uid = process.getuid?.();
  if (!stat.isDirectory()) throw new RuntimeDirError(`${dir} is not a directory`);
  if (uid !== undefined && stat.uid !== uid) {
    throw new RuntimeDirError(`${dir} belongs to uid ${stat.uid}, not to this user (${uid})`);
  }
  if ((stat.mode & 0o022) !== 0) {
    throw new RuntimeDirError(`${dir} is writable by others; refusing to load libraries from it`);
  }
}

function isComplete(dir: string, bundle: NativeBundle): boolean {
  if (!existsSync(join(dir, completeMarker))) return false;
  return bundle.files.every((file) => {
    const path = join(dir, file.name);
    return existsSync(path) && statSync(path).size === file.size;
  });
}

export interface UnpackResult {
  dir: string;
  /** False when an earlier start had already unpacked the same files. */
  unpacked: boolean;
}

/**
 * Unpacks the embedded native files once into `<baseDir>/onnxruntime-<digest>/` and returns that
 * directory; later starts reuse it. Content-addressed, so an upgrade gets a new directory. Two
 * processes starting at once each unpack into a private staging directory and rename it into
 * place; the loser of the race discards its copy and uses the winner's.
 *
 * @example
 * const { dir } = unpackNative(nativeBundle, "/var/cache/ml-serving"); // …/onnxruntime-3f2a…
 */
export function unpackNative(bundle: NativeBundle, baseDir: string, attempt = 1): UnpackResult {
  const target = join(baseDir, `onnxruntime-${bundle.digest.slice(0, 16)}`);
  try {
    mkdirSync(baseDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new RuntimeDirError(`cannot create ${baseDir}: ${(error as Error).message}`);
  }
  assertPrivate(baseDir);
  if (isComplete(target, bundle)) {
    assertPrivate(target);
    return { dir: target, unpacked: false };
  }
  const staging = mkdtempSync(join(baseDir, ".unpack-"));
  try {
    for (const file of bundle.files) {
      writeFileSync(join(staging, file.name), readFileSync(file.embeddedPath), { mode: 0o500 });
    }
    writeFileSync(join(staging, completeMarker), `${bundle.digest}\n`, { mode: 0o400 });
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    // Another process renamed its copy into place first: use it.
    if (isComplete(target, bundle)) return { dir: target, unpacked: false };
    // A leftover from a crashed unpack that is not complete: replace it once.
    if (attempt === 1 && existsSync(target) && !existsSync(join(target, completeMarker))) {
      rmSync(target, { recursive: true, force: true });
      return unpackNative(bundle, baseDir, attempt + 1);
    }
    throw new RuntimeDirError(
      `cannot unpack runtime files into ${target}: ${(error as Error).message}`,
    );
  }
  return { dir: target, unpacked: true };
}
