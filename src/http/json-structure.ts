/** What makes well-formed JSON unacceptable as a request body. */
export type StructureProblem = "too_deep" | "duplicate_key";

const quote = 34; // "
const backslash = 92; // \
const openBrace = 123; // {
const closeBrace = 125; // }
const openBracket = 91; // [
const closeBracket = 93; // ]
const comma = 44; // ,

/** Index of the quote that closes the string whose opening quote is at `start`; -1 if none. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end >= 0) {
    let slashes = 0;
    while (text.charCodeAt(end - 1 - slashes) === backslash) slashes += 1;
    if (slashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return -1;
}

/** A key as JSON.parse would read it ("a" and "\u0061" are one key); undefined if it is not valid. */
function keyText(text: string, start: number, end: number): string | undefined {
  const raw = text.slice(start + 1, end);
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * Checks a body for what `JSON.parse` would let through, before it is parsed: nesting deeper
 * than `maxDepth` (parsing would build a million arrays from a megabyte, and the value would go
 * on to code that recurses, such as JSON.stringify, and blow the stack) and an object with the
 * same key twice (JSON.parse keeps the last one silently, while a proxy or a log pipeline in
 * front may read the first, so the body would mean two things). One pass, no allocation beyond
 * one key set per open object. On text that is not JSON at all the answer is only a hint:
 * JSON.parse has the last word there.
 *
 * @example
 * structureProblem('{"a":1,"a":2}', 32) // "duplicate_key"
 * structureProblem("[[[]]]", 2)         // "too_deep"
 * structureProblem('{"a":[1]}', 32)     // undefined
 */
export function structureProblem(text: string, maxDepth: number): StructureProblem | undefined {
  // One entry per open container: a key set for an object, undefined for an array.
  const open: (Set<string> | undefined)[] = [];
  let expectKey = false;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === quote) {
      const end = stringEnd(text, at);
      if (end < 0) return undefined;
      const keys = open[open.length - 1];
      if (expectKey && keys !== undefined) {
        const key = keyText(text, at, end);
        if (key === undefined) return undefined;
        if (keys.has(key)) return "duplicate_key";
        keys.add(key);
        expectKey = false;
      }
      at = end;
    } else if (code === openBrace || code === openBracket) {
      if (open.length >= maxDepth) return "too_deep";
      open.push(code === openBrace ? new Set() : undefined);
      expectKey = code === openBrace;
    } else if (code === closeBrace || code === closeBracket) {
      open.pop();
      expectKey = false;
    } else if (code === comma) {
      expectKey = open[open.length - 1] !== undefined;
    }
  }
  return undefined;
}
