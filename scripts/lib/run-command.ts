export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  cwd?: string;
  /** The child's whole environment; the parent's when absent. */
  env?: Record<string, string | undefined>;
  /** Written to the child's standard input; it reads nothing when absent. */
  stdin?: string;
  /** A child still running after this long is killed with SIGKILL (its result says code 137). */
  timeoutMs?: number;
}

/**
 * Runs `argv` to completion and collects its output. Both pipes are read while the child runs,
 * so a chatty child cannot fill one and stall.
 *
 * @example
 * const { code, stdout } = await runCommand(["systemd-analyze", "verify", unitPath]);
 */
export async function runCommand(
  argv: string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const child = Bun.spawn(argv, {
    cwd: options.cwd,
    env: options.env,
    stdin: options.stdin === undefined ? "ignore" : new Blob([options.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
  try {
    const [stdout, stderr, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ]);
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}
