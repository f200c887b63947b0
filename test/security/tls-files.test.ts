import { afterAll, expect, test } from "bun:test";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readTlsFiles } from "../../src/security/tls-files.ts";
import { configErrorMessage } from "../support/config-error.ts";
import { makeCertificate } from "../support/self-signed.ts";

const good = makeCertificate({ commonName: "localhost" });
const other = makeCertificate({ commonName: "other", keyType: "ec" });
afterAll(() => {
  for (const { dir } of [good, other]) rmSync(dir, { recursive: true, force: true });
});

test("a matching certificate and key are read and described", () => {
  const tls = readTlsFiles(good.cert, good.key);
  expect(tls.cert).toStartWith("-----BEGIN CERTIFICATE-----");
  expect(tls.key).toContain("PRIVATE KEY-----");
  expect(tls.subject).toBe("CN=localhost");
  expect(tls.validTo.getTime()).toBeGreaterThan(Date.now());
  expect(tls.warnings).toEqual([]);
});

test("a missing certificate", () => {
  expect(configErrorMessage(() => readTlsFiles(join(good.dir, "absent.pem"), good.key))).toBe(
    `cannot read --tls-cert ${join(good.dir, "absent.pem")}: no such file`,
  );
});

test("an unreadable key", () => {
  if (process.getuid?.() === 0) {
    // root reads any file: a directory stands in for the unreadable file.
    expect(configErrorMessage(() => readTlsFiles(good.cert, good.dir))).toBe(
      `cannot read --tls-key ${good.dir}: it is a directory`,
    );
    return;
  }
  const locked = join(good.dir, "locked.pem");
  writeFileSync(locked, "x");
  chmodSync(locked, 0);
  expect(configErrorMessage(() => readTlsFiles(good.cert, locked))).toBe(
    `cannot read --tls-key ${locked}: permission denied`,
  );
});

test("garbage instead of a certificate", () => {
  const garbage = join(good.dir, "garbage.pem");
  writeFileSync(garbage, "this is not a certificate\n");
  expect(configErrorMessage(() => readTlsFiles(garbage, good.key))).toBe(
    `--tls-cert ${garbage} is not a PEM certificate`,
  );
});

test("a key given as the certificate, and the certificate as the key", () => {
  expect(configErrorMessage(() => readTlsFiles(good.key, good.key))).toBe(
    `--tls-cert ${good.key} is not a PEM certificate`,
  );
  expect(configErrorMessage(() => readTlsFiles(good.cert, good.cert))).toBe(
    `--tls-key ${good.cert} is not a PEM private key`,
  );
});

test("a key that belongs to another certificate", () => {
  expect(configErrorMessage(() => readTlsFiles(good.cert, other.key))).toBe(
    `--tls-key ${other.key} does not belong to the certificate in --tls-cert ${good.cert}`,
  );
});

test("an encrypted key", () => {
  const encrypted = join(good.dir, "encrypted.pem");
  const made = Bun.spawnSync([
    "openssl",
    "pkey",
    "-in",
    good.key,
    "-aes256",
    "-passout",
    "pass:secret",
    "-out",
    encrypted,
  ]);
  expect(made.exitCode).toBe(0);
  expect(configErrorMessage(() => readTlsFiles(good.cert, encrypted))).toContain("is encrypted");
});

test("an expired certificate is only warned about", () => {
  const tls = readTlsFiles(good.cert, good.key, new Date(Date.now() + 10 * 86_400_000));
  expect(tls.warnings).toHaveLength(1);
  expect(tls.warnings[0]).toContain("expired on");
});
