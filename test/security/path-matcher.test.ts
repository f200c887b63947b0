import { expect, test } from "bun:test";
import { createPathMatcher } from "../../src/security/path-matcher.ts";

const isPublic = createPathMatcher([
  "/health",
  "/health/ready",
  "/metrics",
  "/docs*",
  "/openapi.json",
]);

test.each([
  ["/health", true],
  ["/health/", true],
  ["/health/ready", true],
  ["/metrics", true],
  ["/docs", true],
  ["/docs/swagger.css", true],
  ["/openapi.json", true],
  ["/api/v1/predict", false],
  ["/api/v1/model", false],
  ["/healthz", false],
  ["/health/ready/x", false],
  ["/metrics/../api/v1/model", false],
  ["/h%65alth", false],
  ["/", false],
])("%s → %p", (path, expected) => {
  expect(isPublic(path)).toBe(expected);
});

test("a pattern of / alone is only the root", () => {
  const rootOnly = createPathMatcher(["/"]);
  expect(rootOnly("/")).toBe(true);
  expect(rootOnly("/api")).toBe(false);
});
