import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CertificateFiles {
  dir: string;
  cert: string;
  key: string;
}

/**
 * A fresh self-signed certificate for 127.0.0.1 and localhost, made with the openssl command
 * (Debian's `openssl` package; .ci/run installs it).
 *
 * @example
 * const { cert, key } = makeCertificate({ commonName: "localhost" });
 */
export function makeCertificate(
  options: { commonName?: string; days?: number; keyType?: "rsa" | "ec" } = {},
): CertificateFiles {
  const openssl = Bun.which("openssl");
  if (openssl === null)
    throw new Error("the TLS tests need the openssl command: apt-get install openssl");
  const dir = mkdtempSync(join(tmpdir(), "ml-serving-tls-"));
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  const keyArgs =
    options.keyType === "ec"
      ? ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
      : ["-newkey", "rsa:2048"];
  const made = Bun.spawnSync([
    openssl,
    "req",
    "-x509",
    ...keyArgs,
    "-nodes",
    "-keyout",
    key,
    "-out",
    cert,
    "-days",
    String(options.days ?? 2),
    "-subj",
    `/CN=${options.commonName ?? "localhost"}`,
    "-addext",
    "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ]);
  if (made.exitCode !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
  return { dir, cert, key };
}
