import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { ConfigError } from "../config/load-config.ts";
import { readOptionFile } from "./read-file.ts";

export interface TlsFiles {
  /** PEM text, as Bun.serve's `tls` option takes it. */
  cert: string;
  key: string;
  /** For the log at start-up. */
  subject: string;
  validTo: Date;
  warnings: string[];
}

function parseCertificate(pem: string, path: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new ConfigError(`--tls-cert ${path} is not a PEM certificate`);
  }
}

function parsePrivateKey(pem: string, path: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (error) {
    const encrypted = (error as NodeJS.ErrnoException).code === "ERR_MISSING_PASSPHRASE";
    throw new ConfigError(
      encrypted
        ? `--tls-key ${path} is encrypted: give an unencrypted key (keep it readable by the service only)`
        : `--tls-key ${path} is not a PEM private key`,
    );
  }
}

/**
 * Reads and checks the certificate and key before the server listens, so that a missing,
 * unreadable or garbled file, or a key that does not belong to the certificate, stops start-up
 * with a message that says which (Bun.serve would fail later, with OpenSSL's error codes).
 * An expired or not-yet-valid certificate is only warned about: clients will refuse it, but the
 * operator may be mid-rotation.
 *
 * @example
 * const tls = readTlsFiles("/etc/ml-serving/cert.pem", "/etc/ml-serving/key.pem");
 * Bun.serve({ tls: { cert: tls.cert, key: tls.key }, fetch });
 */
export function readTlsFiles(certPath: string, keyPath: string, now = new Date()): TlsFiles {
  const cert = readOptionFile("--tls-cert", certPath);
  const key = readOptionFile("--tls-key", keyPath);
  const certificate = parseCertificate(cert, certPath);
  const privateKey = parsePrivateKey(key, keyPath);
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new ConfigError(
      `--tls-key ${keyPath} does not belong to the certificate in --tls-cert ${certPath}`,
    );
  }
  const validTo = new Date(certificate.validTo);
  const validFrom = new Date(certificate.validFrom);
  const warnings: string[] = [];
  if (validTo < now)
    warnings.push(`the certificate in --tls-cert ${certPath} expired on ${validTo.toISOString()}`);
  if (validFrom > now)
    warnings.push(
      `the certificate in --tls-cert ${certPath} is not valid before ${validFrom.toISOString()}`,
    );
  return { cert, key, subject: certificate.subject, validTo, warnings };
}
