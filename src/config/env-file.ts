import { groupTitles } from "./help.ts";
import { envName, type OptionSpec, optionSpecs } from "./options.ts";

const header = `# ml-serving configuration, read by systemd (EnvironmentFile=) when the service starts.
#
# Every knob is listed below, commented out, with its default. To change one, remove the "#" in
# front of the variable and set the value, then: systemctl restart ml-serving
# A bad value stops start-up with a clear message in: journalctl -u ml-serving
# Command-line flags of the same name (ml-serving --help) would win over these variables.
#
# Syntax: KEY=value, one per line; no spaces around "="; quote a value that contains spaces.
# The service runs as an unprivileged dynamic user: files named here (model, manifest, TLS key,
# API keys) must be readable by it. Hand it secrets as systemd credentials instead, e.g. a drop-in
# (systemctl edit ml-serving) with LoadCredential=api-keys:/etc/ml-serving/api-keys and here
# ML_SERVING_API_KEYS_FILE=/run/credentials/ml-serving.service/api-keys
#
# Generated from src/config/options.ts by scripts/generate-env-file.ts: do not edit the copy in
# the repository by hand. Your copy in /etc/ml-serving is yours: upgrades never replace it.
`;

/** `--help` also shows the value on the machine it runs on; that means nothing in a file for other hosts. */
const withoutLocalValue = (text: string) => text.replace(/\s*\(here [^)]*\)/, "");

/** Empty when the default is computed (on the host that runs it) or absent. */
function defaultValueText(spec: OptionSpec<unknown>): string {
  if (spec.defaultText !== undefined) return "";
  const value = spec.defaultValue();
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(",") : String(value);
}

/**
 * The commented environment file for systemd (`systemd/ml-serving.env`): every option of the
 * table, grouped as in `--help`, commented out with its default.
 *
 * @example
 * envFileText().includes("#ML_SERVING_PORT=8000") // true
 */
export function envFileText(): string {
  const specs = Object.values(optionSpecs) as OptionSpec<unknown>[];
  const lines = [header.trimEnd()];
  for (const group of Object.keys(groupTitles) as OptionSpec<unknown>["group"][]) {
    lines.push("", `# ---- ${groupTitles[group]} ----`);
    for (const spec of specs.filter((candidate) => candidate.group === group)) {
      const computed =
        spec.defaultText === undefined ? "" : ` (default: ${withoutLocalValue(spec.defaultText)})`;
      lines.push(
        "",
        `# ${spec.help}${computed}`,
        `#${envName(spec.flag)}=${defaultValueText(spec)}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
