import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runToExit } from "../support/run-to-exit.ts";
import { makeCertificate } from "../support/self-signed.ts";
import { type ServerProcess, startServer } from "../support/server-process.ts";
import { valid } from "./hostile-cases.ts";

const good = makeCertificate({ commonName: "localhost" });
const other = makeCertificate({ commonName: "other", keyType: "ec" });
const ca = readFileSync(good.cert, "utf8");

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer({ args: ["--tls-cert", good.cert, "--tls-key", good.key] });
}, 60_000);
afterAll(async () => {
  expect(await server.stop()).toBe(0);
  for (const { dir } of [good, other]) rmSync(dir, { recursive: true, force: true });
});

describe("HTTPS with a self-signed certificate", () => {
  test("the server says it listens on https", () => {
    expect(server.url).toStartWith("https://127.0.0.1:");
    const ready = server.logs.find((line) => line.msg === "ready");
    expect(ready?.tls_subject).toBe("CN=localhost");
  });

  test("a client that trusts the certificate gets a prediction", async () => {
    const response = await fetch(`${server.url}/api/v1/predict`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(valid),
      tls: { ca },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      label: string;
      probability: { churn: number; no_churn: number };
    };
    expect(body.label).toBeOneOf(["churn", "no_churn"]);
    expect(body.probability.churn + body.probability.no_churn).toBeCloseTo(1, 5);
  });

  test("the certificate is verified: a client that does not trust it refuses", async () => {
    await expect(fetch(`${server.url}/health`)).rejects.toThrow(/self.signed|certificate/i);
  });

  test("plain HTTP on the TLS port gets no answer", async () => {
    const plain = server.url.replace("https://", "http://");
    const outcome = await fetch(`${plain}/health`).then(
      (response) => response.status,
      () => "refused",
    );
    expect(outcome).toBe("refused");
  });
});

describe("a bad certificate or key stops start-up with a clear message and no stack trace", () => {
  const garbage = join(good.dir, "garbage.pem");
  writeFileSync(
    garbage,
    "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n",
  );
  const absent = join(good.dir, "absent.pem");

  test.each([
    ["a missing certificate", [absent, good.key], `cannot read --tls-cert ${absent}: no such file`],
    ["a missing key", [good.cert, absent], `cannot read --tls-key ${absent}: no such file`],
    [
      "a directory as the certificate",
      [good.dir, good.key],
      `cannot read --tls-cert ${good.dir}: it is a directory`,
    ],
    ["a garbage PEM", [garbage, good.key], `--tls-cert ${garbage} is not a PEM certificate`],
    [
      "the key as the certificate",
      [good.key, good.key],
      `--tls-cert ${good.key} is not a PEM certificate`,
    ],
    [
      "the certificate as the key",
      [good.cert, good.cert],
      `--tls-key ${good.cert} is not a PEM private key`,
    ],
    [
      "a key of another certificate",
      [good.cert, other.key],
      `--tls-key ${other.key} does not belong to the certificate in --tls-cert ${good.cert}`,
    ],
  ])("%s", async (_name, [cert, key], message) => {
    const run = await runToExit(["--tls-cert", cert as string, "--tls-key", key as string]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`ml-serving: ${message}\n`);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at |\.ts:\d+/);
    expect(run.stdout).not.toContain('"msg":"ready"');
  });

  test("a certificate without a key is a configuration error", async () => {
    const run = await runToExit(["--tls-cert", good.cert]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "ml-serving: --tls-cert and --tls-key go together: give both or neither\n",
    );
  });
});
