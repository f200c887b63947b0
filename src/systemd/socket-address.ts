/** `sizeof(struct sockaddr_un)` on Linux: a 2-byte family and a 108-byte path. */
const sockaddrUnSize = 110;
const pathOffset = 2;
const afUnix = 1;

/**
 * Encodes `$NOTIFY_SOCKET` as a Linux `struct sockaddr_un` and its length. A leading `@` names a
 * socket in the abstract namespace (the path starts with a NUL byte and the length covers only the
 * name); anything else must be an absolute filesystem path.
 *
 * @example
 * unixSocketAddress("/run/systemd/notify") // { bytes: <110 bytes>, length: 22 }
 * unixSocketAddress("@ml-serving/notify")   // abstract: { bytes, length: 20 }
 */
export function unixSocketAddress(address: string): { bytes: Uint8Array; length: number } {
  const abstract = address.startsWith("@");
  if (!abstract && !address.startsWith("/")) {
    throw new RangeError(
      `NOTIFY_SOCKET must be an absolute path or start with @, got "${address}"`,
    );
  }
  const name = new TextEncoder().encode(abstract ? address.slice(1) : address);
  // One byte goes to the abstract name's leading NUL, or to the path's terminating NUL.
  const room = sockaddrUnSize - pathOffset - 1;
  if (name.length === 0 || name.length > room) {
    throw new RangeError(
      `NOTIFY_SOCKET "${address}" is empty or longer than a Unix socket path may be`,
    );
  }
  const bytes = new Uint8Array(sockaddrUnSize);
  // sa_family is in host byte order: little-endian on x64 and arm64.
  new DataView(bytes.buffer).setUint16(0, afUnix, true);
  bytes.set(name, pathOffset + (abstract ? 1 : 0));
  const length = abstract ? pathOffset + 1 + name.length : pathOffset + name.length + 1;
  return { bytes, length };
}
