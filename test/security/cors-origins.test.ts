import { expect, test } from "bun:test";
import { ConfigError } from "../../src/config/load-config.ts";
import { corsOrigins } from "../../src/security/cors-origins.ts";

test("origins are kept in the form browsers send them", () => {
  expect(
    corsOrigins([
      "https://App.Example.com",
      "http://localhost:3000",
      "https://a.example.com:443",
      "https://b.example.com/",
    ]),
  ).toEqual([
    "https://app.example.com",
    "http://localhost:3000",
    "https://a.example.com",
    "https://b.example.com",
  ]);
});

test("none: CORS off", () => expect(corsOrigins([])).toEqual([]));

test("* alone allows any origin", () => expect(corsOrigins(["*"])).toEqual(["*"]));

test.each([
  [["*", "https://a.example.com"]],
  [["app.example.com"]],
  [["https://a.example.com/path"]],
  [["https://a.example.com?x=1"]],
  [["ftp://a.example.com"]],
  [["https://user:pw@a.example.com"]],
  [["null"]],
])("refused: %p", (origins: string[]) => {
  expect(() => corsOrigins(origins)).toThrow(ConfigError);
});
