/** A native file the compiled binary carries and unpacks before onnxruntime loads. */
export interface NativeFile {
  name: string;
  /** Where the file is inside the binary (a /$bunfs/ path). */
  embeddedPath: string;
  size: number;
}

export interface NativeBundle {
  /** SHA-256 over the files, computed at build time: the unpack directory's name. */
  digest: string;
  files: NativeFile[];
}

/**
 * Running from source, onnxruntime-node loads its files from node_modules: nothing to unpack.
 * scripts/build.ts swaps this module for native-files.compiled.ts in the compiled binary.
 */
export const nativeBundle: NativeBundle | undefined = undefined;
