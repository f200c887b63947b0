/** What makes well-formed JSON unacceptable as a request body. */
export type StructureProblem = "too_deep" | "duplicate_key";

const quote = 34; // "
const backslash = 92; // \
const openBrace = 123; // {
const closeBrace = 125; // }
const openBracket = 91; // [
const closeBracket = 93; // ]
const comma = 44; // ,

/** Keys seen in one open object: a short list (objects in requests are small), a set past it. */
const listLimit = 16;

/** Records `key` among `keys`; false if it was there already. */
function addKey(keysOf: (string[] | Set<string> | null)[], at: number, key: string): boolean {
  const keys = keysOf[at];
  if (keys instanceof Set) {
    if (keys.has(key)) return false;
    keys.add(key);
  } else if (keys) {
    for (let index = 0; index < keys.length; index += 1) if (keys[index] === key) return false;
    if (keys.length < listLimit) keys.push(key);
    else keysOf[at] = new Set(keys).add(key);
  }
  return true;
}

/**
 * Checks a body for what `JSON.parse` would let through, before it is parsed: nesting deeper
 * than `maxDepth` (parsing would build a million arrays from a megabyte, and the value would go
 * on to code that recurses, such as JSON.stringify, and blow the stack) and an object with the
 * same key twice (JSON.parse keeps the last one silently, while a proxy or a log pipeline in
 * front may read the first, so the body would mean two things). One pass; per open object a
 * short list of its keys (a set once it has many, so a huge object stays linear). On text that is not JSON at all the answer is only a hint:
 * JSON.parse has the last word there.
 *
 * @example
 * structureProblem('{"a":1,"a":2}', 32) // "duplicate_key"
 * structureProblem("[[[]]]", 2)         // "too_deep"
 * structureProblem('{"a":[1]}', 32)     // undefined
 */
export function structureProblem(text: string, maxDepth: number): StructureProblem | undefined {
  // One entry per open container: the keys seen so far for an object, null for an array.
  const keysOf: (string[] | Set<string> | null)[] = [];
  let depth = 0;
  let expectKey = false;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code === quote) {
      let end = text.indexOf('"', at + 1);
      let escaped = false;
      while (end > 0 && text.charCodeAt(end - 1) === backslash) {
        escaped = true;
        let slashes = 1;
        while (text.charCodeAt(end - 1 - slashes) === backslash) slashes += 1;
        if (slashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      if (end < 0) return undefined;
      if (expectKey) {
        expectKey = false;
        // A key as JSON.parse reads it ("a" and "\u0061" are one key).
        let key = text.slice(at + 1, end);
        if (escaped || key.includes("\\")) {
          try {
            key = JSON.parse(text.slice(at, end + 1)) as string;
          } catch {
            return undefined;
          }
        }
        if (!addKey(keysOf, depth - 1, key)) return "duplicate_key";
      }
      at = end;
    } else if (code === openBrace || code === openBracket) {
      if (depth >= maxDepth) return "too_deep";
      keysOf[depth] = code === openBrace ? [] : null;
      depth += 1;
      expectKey = code === openBrace;
    } else if (code === closeBrace || code === closeBracket) {
      if (depth > 0) depth -= 1;
      expectKey = false;
    } else if (code === comma) {
      expectKey = depth > 0 && keysOf[depth - 1] !== null;
    }
  }
  return undefined;
}
