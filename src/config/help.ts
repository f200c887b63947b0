import { envName, type OptionSpec, optionSpecs } from "./options.ts";

export const groupTitles: Record<OptionSpec<unknown>["group"], string> = {
  server: "Server",
  model: "Model",
  engine: "Inference engine",
  limits: "Limits",
  security: "Security",
  logging: "Logging and metrics",
  runtime: "Runtime files",
};

function defaultOf(spec: OptionSpec<unknown>): string {
  if (spec.defaultText !== undefined) return spec.defaultText;
  const value = spec.defaultValue();
  return Array.isArray(value) ? value.join(",") : String(value);
}

/** The text of `ml-serving --help`: every option with its environment variable and default. */
export function helpText(): string {
  const lines = [
    "Usage:",
    "  ml-serving [options]                   serve the model over HTTP",
    "  ml-serving check-model <model.onnx> [--manifest <path>]",
    "                                         check a model package offline and say what is wrong",
    "  ml-serving --version                   print the app, model and onnxruntime versions",
    "  ml-serving --help                      print this text",
    "",
    "Every option is also an environment variable; the flag wins.",
  ];
  const specs = Object.values(optionSpecs) as OptionSpec<unknown>[];
  for (const group of Object.keys(groupTitles) as OptionSpec<unknown>["group"][]) {
    lines.push("", `${groupTitles[group]}:`);
    for (const spec of specs.filter((candidate) => candidate.group === group)) {
      const flag = `  --${spec.flag} <value>`;
      lines.push(`${flag.padEnd(30)}${envName(spec.flag)}`);
      lines.push(`      ${spec.help} (default: ${defaultOf(spec)})`);
    }
  }
  return `${lines.join("\n")}\n`;
}
