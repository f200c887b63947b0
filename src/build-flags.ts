// Build-time constants: bunfig.toml defines them for source runs and tests, scripts/build.ts for
// the compiled binary (declared in src/types/build-flags.d.ts). A missing definition fails
// loudly (ReferenceError) rather than guessing.

/** Whether this build can inject worker faults at all (false in the production binary). */
export const faultHooksBuiltIn: boolean = ML_SERVING_FAULT_HOOKS;

/** Whether this is the compiled single binary (embedded files, unpacked native libraries). */
export const isCompiled: boolean = ML_SERVING_COMPILED;
