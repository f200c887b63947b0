import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseKeyFile, readApiKeys } from "../../src/security/api-keys.ts";
import { configErrorMessage } from "../support/config-error.ts";

const dir = mkdtempSync(join(tmpdir(), "ml-serving-keys-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keyFile(name: string, text: string, mode = 0o600) {
  const path = join(dir, name);
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

describe("parseKeyFile", () => {
  test("one key per line; comments, blank lines and blanks around keys are dropped", () => {
    const text =
      "# rotated 2026-01\n\n  key-one-0123456789abc  \r\nkey-two-0123456789abc\n# old: key-zero\n";
    expect(parseKeyFile(text, "keys")).toEqual(["key-one-0123456789abc", "key-two-0123456789abc"]);
  });

  test("a file with no key is refused", () => {
    expect(configErrorMessage(() => parseKeyFile("# nothing yet\n\n", "/etc/keys"))).toBe(
      "--api-keys-file /etc/keys holds no API key (only blank lines or # comments)",
    );
  });

  test("a key with a space is refused by line number, without showing it", () => {
    const message = configErrorMessage(() =>
      parseKeyFile("good-key-0123456789\nsecret part\n", "/etc/keys"),
    );
    expect(message).toBe(
      "--api-keys-file /etc/keys line 2: an API key must be printable ASCII without spaces",
    );
    expect(message).not.toContain("secret");
  });
});

describe("readApiKeys", () => {
  test("inline keys and file keys together, without duplicates", () => {
    const path = keyFile("both", "file-key-0123456789ab\ninline-key-0123456789\n");
    const { keys, warnings } = readApiKeys({ inline: ["inline-key-0123456789"], file: path });
    expect(keys).toEqual(["inline-key-0123456789", "file-key-0123456789ab"]);
    expect(warnings).toEqual([]);
  });

  test("no keys anywhere: auth off", () => {
    expect(readApiKeys({ inline: [], file: undefined })).toEqual({ keys: [], warnings: [] });
  });

  test("a missing file stops start-up", () => {
    expect(configErrorMessage(() => readApiKeys({ inline: [], file: join(dir, "absent") }))).toBe(
      `cannot read --api-keys-file ${join(dir, "absent")}: no such file`,
    );
  });

  test("a directory stops start-up", () => {
    expect(configErrorMessage(() => readApiKeys({ inline: [], file: dir }))).toBe(
      `cannot read --api-keys-file ${dir}: it is a directory`,
    );
  });

  test("an empty file stops start-up", () => {
    const path = keyFile("empty", "");
    expect(configErrorMessage(() => readApiKeys({ inline: [], file: path }))).toContain(
      "holds no API key",
    );
  });

  test("an inline key with a control character stops start-up", () => {
    expect(
      configErrorMessage(() => readApiKeys({ inline: ["bad\u0007key"], file: undefined })),
    ).toBe("--api-keys (ML_SERVING_API_KEYS): an API key must be printable ASCII without spaces");
  });

  test("a world-readable file and short keys are warned about, never shown", () => {
    const path = keyFile("open", "short\n", 0o644);
    const { keys, warnings } = readApiKeys({ inline: [], file: path });
    expect(keys).toEqual(["short"]);
    expect(warnings).toEqual([
      `--api-keys-file ${path} is readable by every user: make it 0600 or 0400`,
      "1 API key(s) shorter than 16 characters: use long random keys",
    ]);
    expect(warnings.join(" ")).not.toContain("short\n");
  });
});
