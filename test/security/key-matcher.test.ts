import { expect, test } from "bun:test";
import { createKeyMatcher } from "../../src/security/key-matcher.ts";

const isKey = createKeyMatcher(["first-key-0123456789", "second-key-abcdefghij"]);

test.each([
  ["the first key", "first-key-0123456789", true],
  ["the second key", "second-key-abcdefghij", true],
  ["a prefix of a key", "first-key-012345678", false],
  ["a key with a character more", "first-key-01234567890", false],
  ["a key in another case", "FIRST-KEY-0123456789", false],
  ["an empty string", "", false],
  ["a very long string", "x".repeat(100_000), false],
])("%s → %p", (_name, candidate, expected) => {
  expect(isKey(candidate)).toBe(expected);
});

test("no keys match nothing", () => {
  expect(createKeyMatcher([])("anything")).toBe(false);
});
