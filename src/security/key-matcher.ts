import { createHash, timingSafeEqual } from "node:crypto";

const digest = (text: string) => createHash("sha256").update(text).digest();

/**
 * Whether a presented credential is one of the keys, in time that tells an attacker nothing:
 * both sides are compared as SHA-256 digests (so neither the length nor a common prefix shows)
 * with `timingSafeEqual`, against every key without stopping at a match.
 *
 * @example
 * const isKey = createKeyMatcher(["s3cret-key-0123456789"]);
 * isKey("s3cret-key-0123456789") // true
 * isKey("guess")                 // false
 */
export function createKeyMatcher(keys: readonly string[]): (candidate: string) => boolean {
  const digests = keys.map(digest);
  return (candidate) => {
    const presented = digest(candidate);
    let found = false;
    for (const known of digests) found = timingSafeEqual(known, presented) || found;
    return found;
  };
}
