import { dlopen, FFIType, ptr, read } from "bun:ffi";
import { constants } from "node:os";
import { unixSocketAddress } from "./socket-address.ts";

const afUnix = 1;
const sockDgram = 2;
const sockCloexec = 0o2000000;
const msgDontwait = 0x40;
const msgNosignal = 0x4000;

type Libc = ReturnType<typeof openLibc>;

// Bun has no Unix datagram sockets, so the sd_notify(3) protocol goes through libc: one
// datagram per message on a fresh socket, as libsystemd itself does.
function openLibc() {
  return dlopen("libc.so.6", {
    socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    sendto: {
      args: [FFIType.i32, FFIType.ptr, FFIType.u64, FFIType.i32, FFIType.ptr, FFIType.u32],
      returns: FFIType.i64_fast,
    },
    close: { args: [FFIType.i32], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  }).symbols;
}

let libc: Libc | undefined;

const errnoNames = new Map(Object.entries(constants.errno).map(([name, code]) => [code, name]));

function lastError(symbols: Libc, call: string): Error {
  const location = symbols.__errno_location();
  const code = location === null ? 0 : read.i32(location, 0);
  return new Error(`${call} failed: ${errnoNames.get(code) ?? `errno ${code}`}`);
}

/** Something that delivers one sd_notify message (`READY=1`, `WATCHDOG=1`, …). */
export type NotifySend = (message: string) => void;

/**
 * A sender for the systemd notification socket at `address` (`$NOTIFY_SOCKET`: a path, or `@name`
 * in the abstract namespace). Each call sends one datagram and throws if it could not; it never
 * blocks the event loop (a full socket buffer is an error, not a wait).
 *
 * @example
 * const send = createNotifySender(process.env.NOTIFY_SOCKET);
 * send("READY=1\nSTATUS=Serving");
 */
export function createNotifySender(address: string): NotifySend {
  const sockaddr = unixSocketAddress(address);
  return (message) => {
    libc ??= openLibc();
    const symbols = libc;
    const fd = symbols.socket(afUnix, sockDgram | sockCloexec, 0);
    if (fd < 0) throw lastError(symbols, "socket");
    try {
      const payload = new TextEncoder().encode(message);
      const sent = symbols.sendto(
        fd,
        ptr(payload),
        payload.length,
        msgDontwait | msgNosignal,
        ptr(sockaddr.bytes),
        sockaddr.length,
      );
      if (Number(sent) < 0) throw lastError(symbols, `sendto ${address}`);
      if (Number(sent) !== payload.length) throw new Error(`sendto ${address}: short write`);
    } finally {
      symbols.close(fd);
    }
  };
}
