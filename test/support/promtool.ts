/** Runs promtool (Debian's `prometheus` package) with `stdin`; resolves with its exit code and output. */
export async function promtool(args: string[], stdin?: string) {
  const child = Bun.spawn(["promtool", ...args], {
    stdin: stdin === undefined ? "ignore" : new Blob([stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [code, stdout, stderr] = await Promise.all([
    child.exited,
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
  ]);
  return { code, output: `${stdout}${stderr}` };
}
