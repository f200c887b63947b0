// Build-time constants (see src/build-flags.ts). Declared globally so that a module can test the
// constant itself, which lets the bundler drop the code behind a false one.
declare const ML_SERVING_FAULT_HOOKS: boolean;
declare const ML_SERVING_COMPILED: boolean;
