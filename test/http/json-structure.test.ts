import { expect, test } from "bun:test";
import { structureProblem } from "../../src/http/json-structure.ts";

const deep = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

test.each([
  ["a flat object", '{"a":1,"b":"x"}', undefined],
  ["the same key in sibling objects", '[{"a":1},{"a":2}]', undefined],
  ["the same key at two levels", '{"a":{"a":1}}', undefined],
  ["a key repeated as a value", '{"a":"a","b":"a"}', undefined],
  ["keys that differ only in case", '{"a":1,"A":2}', undefined],
  ["braces and quotes inside strings", '{"a":"{[\\"]}","b":"\\\\"}', undefined],
  ["an escaped backslash before a closing quote", '{"a\\\\":1,"a":2}', undefined],
  ["32 levels", deep(32), undefined],
  ["33 levels", deep(33), "too_deep"],
  ["33 levels of objects", `${'{"a":'.repeat(33)}1${"}".repeat(33)}`, "too_deep"],
  ["a duplicate key", '{"a":1,"a":2}', "duplicate_key"],
  ["a duplicate key after a nested object", '{"a":{"b":1},"c":[1,2],"a":3}', "duplicate_key"],
  ["a duplicate key written with an escape", '{"a":1,"\\u0061":2}', "duplicate_key"],
  ["a duplicate key deep inside", '{"items":[{"x":1},{"x":1,"x":2}]}', "duplicate_key"],
  ["a duplicate __proto__", '{"__proto__":1,"__proto__":2}', "duplicate_key"],
  ["an unterminated string (left to JSON.parse)", '{"a":"', undefined],
  ["an invalid escape in a key (left to JSON.parse)", '{"\\x":1}', undefined],
] as const)("%s", (_name, text, expected) => {
  expect(structureProblem(text, 32)).toBe(expected);
});

test("half a million nested arrays are refused without parsing them", () => {
  expect(structureProblem(`{"a":${deep(500_000)}}`, 32)).toBe("too_deep");
});

test("a large object switches to a set and still finds a late duplicate", () => {
  const keys = Array.from({ length: 500 }, (_, i) => `"k${i}":${i}`);
  expect(structureProblem(`{${keys.join(",")}}`, 32)).toBeUndefined();
  expect(structureProblem(`{${keys.join(",")},"k3":0}`, 32)).toBe("duplicate_key");
  expect(structureProblem(`{${keys.join(",")},"k4\\u0039":0}`, 32)).toBe("duplicate_key");
});
