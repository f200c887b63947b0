import { dlopen, FFIType, ptr } from "bun:ffi";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One datagram received on the notification socket, with when it arrived. */
export interface Notification {
  /** `KEY=value` lines, e.g. `{ READY: "1", STATUS: "…" }`. */
  fields: Record<string, string>;
  text: string;
  receivedAt: number;
}

export interface NotifyListener {
  /** The value for `$NOTIFY_SOCKET`. */
  address: string;
  received: Notification[];
  /** Resolves with the first notification that matches (already received ones count). */
  waitFor(
    predicate: (notification: Notification) => boolean,
    timeoutMs?: number,
  ): Promise<Notification>;
  close(): void;
}

// The test side of sd_notify, written against libc independently of src/systemd: it binds the
// socket (as systemd does) and polls it without blocking the test's event loop.
const libc = dlopen("libc.so.6", {
  socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  bind: { args: [FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
  recv: { args: [FFIType.i32, FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i64_fast },
  close: { args: [FFIType.i32], returns: FFIType.i32 },
}).symbols;

const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const SOCK_NONBLOCK = 0o4000;
const SOCK_CLOEXEC = 0o2000000;

/**
 * Listens on a Unix datagram socket like systemd's notification socket: a filesystem path, or an
 * abstract name when `address` starts with `@`.
 */
export function listenForNotifications(address: string): NotifyListener {
  const abstract = address.startsWith("@");
  const name = Buffer.from(abstract ? `\0${address.slice(1)}` : address);
  const sockaddr = Buffer.alloc(110);
  sockaddr.writeUInt16LE(AF_UNIX, 0);
  name.copy(sockaddr, 2);
  const length = 2 + name.length + (abstract ? 0 : 1);
  const fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw new Error("socket() failed");
  if (libc.bind(fd, ptr(sockaddr), length) !== 0) {
    libc.close(fd);
    throw new Error(`bind(${address}) failed`);
  }
  const received: Notification[] = [];
  const listeners = new Set<() => void>();
  const buffer = new Uint8Array(4096);
  const poll = setInterval(() => {
    for (;;) {
      const size = Number(libc.recv(fd, ptr(buffer), buffer.length, 0));
      if (size < 0) break;
      const text = new TextDecoder().decode(buffer.subarray(0, size));
      const fields: Record<string, string> = {};
      for (const line of text.split("\n")) {
        const equals = line.indexOf("=");
        if (equals > 0) fields[line.slice(0, equals)] = line.slice(equals + 1);
      }
      received.push({ fields, text, receivedAt: performance.now() });
    }
    for (const listener of listeners) listener();
  }, 5);
  return {
    address,
    received,
    waitFor(predicate, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.find(predicate);
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `notification not received in ${timeoutMs} ms; got ${JSON.stringify(received.map((n) => n.text))}`,
            ),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    close() {
      clearInterval(poll);
      libc.close(fd);
      if (!abstract) rmSync(address, { force: true });
    },
  };
}

/** Listens on `notify.sock` in a new temporary directory, which `close()` removes. */
export function listenInTempDir(): NotifyListener {
  const dir = mkdtempSync(join(tmpdir(), "ml-serving-notify-"));
  const listener = listenForNotifications(join(dir, "notify.sock"));
  return {
    ...listener,
    close() {
      listener.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
