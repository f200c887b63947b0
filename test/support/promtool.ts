import { runCommand } from "../../scripts/lib/run-command.ts";

/** Runs promtool (Debian's `prometheus` package) with `stdin`; resolves with its exit code and output. */
export async function promtool(args: string[], stdin?: string) {
  const { code, stdout, stderr } = await runCommand(["promtool", ...args], { stdin });
  return { code, output: `${stdout}${stderr}` };
}
