import { afterEach, describe, expect, test } from "bun:test";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { NativeBundle } from "../../src/runtime/native-files.ts";
import { resolveRuntimeDir } from "../../src/runtime/runtime-dir.ts";
import { RuntimeDirError, unpackNative } from "../../src/runtime/unpack-native.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fakeBundle(): { bundle: NativeBundle; base: string } {
  const source = mkdtempSync(join(tmpdir(), "native-src-"));
  const base = join(mkdtempSync(join(tmpdir(), "native-base-")), "cache");
  dirs.push(source, join(base, ".."));
  const files = [
    ["libfake.so.1", "library bytes"],
    ["fake.node", "addon bytes!"],
  ].map(([name, content]) => {
    const path = join(source, name as string);
    writeFileSync(path, content as string);
    return { name: name as string, embeddedPath: path, size: (content as string).length };
  });
  return { bundle: { digest: "ab".repeat(32), files }, base };
}

describe("unpackNative", () => {
  test("unpacks once into a private, content-addressed directory", () => {
    const { bundle, base } = fakeBundle();
    const first = unpackNative(bundle, base);
    expect(first).toEqual({ dir: join(base, "onnxruntime-abababababababab"), unpacked: true });
    expect(readFileSync(join(first.dir, "libfake.so.1"), "utf8")).toBe("library bytes");
    expect(readFileSync(join(first.dir, "fake.node"), "utf8")).toBe("addon bytes!");
    expect(statSync(base).mode & 0o777).toBe(0o700);
    expect(statSync(first.dir).mode & 0o077).toBe(0);
  });

  test("a second start reuses the files without writing them again", () => {
    const { bundle, base } = fakeBundle();
    const first = unpackNative(bundle, base);
    const inode = statSync(join(first.dir, "fake.node")).ino;
    const second = unpackNative(bundle, base);
    expect(second).toEqual({ dir: first.dir, unpacked: false });
    expect(statSync(join(second.dir, "fake.node")).ino).toBe(inode);
  });

  test("a leftover from an interrupted unpack is replaced", () => {
    const { bundle, base } = fakeBundle();
    const target = join(base, "onnxruntime-abababababababab");
    mkdirSync(target, { recursive: true, mode: 0o700 });
    chmodSync(base, 0o700);
    writeFileSync(join(target, "fake.node"), "half");
    expect(unpackNative(bundle, base).unpacked).toBe(true);
    expect(readFileSync(join(target, "fake.node"), "utf8")).toBe("addon bytes!");
  });

  test("different files get a different directory (an upgrade never reuses old ones)", () => {
    const { bundle, base } = fakeBundle();
    const upgraded = { ...bundle, digest: "cd".repeat(32) };
    expect(unpackNative(bundle, base).dir).not.toBe(unpackNative(upgraded, base).dir);
  });

  test("refuses a directory that others can write to", () => {
    const { bundle, base } = fakeBundle();
    mkdirSync(base, { recursive: true });
    chmodSync(base, 0o777);
    expect(() => unpackNative(bundle, base)).toThrow(RuntimeDirError);
    expect(() => unpackNative(bundle, base)).toThrow("writable by others");
  });

  test("refuses a directory that belongs to another user", () => {
    if (process.getuid?.() !== 0) return; // only root can hand a directory to someone else
    const { bundle, base } = fakeBundle();
    mkdirSync(base, { recursive: true, mode: 0o700 });
    chownSync(base, 65534, 65534);
    expect(() => unpackNative(bundle, base)).toThrow("belongs to uid 65534");
    expect(existsSync(join(base, "onnxruntime-abababababababab"))).toBe(false);
  });
});

describe("resolveRuntimeDir", () => {
  test.each([
    ["the flag first", "/flag", { CACHE_DIRECTORY: "/sd", HOME: "/home/u" }, 1000, "/flag"],
    [
      "systemd's CacheDirectory",
      undefined,
      { CACHE_DIRECTORY: "/var/cache/ml-serving:/other", HOME: "/home/u" },
      1000,
      "/var/cache/ml-serving",
    ],
    [
      "XDG_CACHE_HOME",
      undefined,
      { XDG_CACHE_HOME: "/xdg", HOME: "/home/u" },
      1000,
      "/xdg/ml-serving",
    ],
    ["the home cache", undefined, { HOME: "/home/u" }, 1000, "/home/u/.cache/ml-serving"],
    ["/var/cache for root without a home", undefined, {}, 0, "/var/cache/ml-serving"],
  ])("uses %s", (_, flag, env, uid, expected) => {
    expect(resolveRuntimeDir(flag, env, uid)).toBe(expected);
  });
});
