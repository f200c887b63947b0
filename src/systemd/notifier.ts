import type { Logger } from "../logging/logger.ts";
import { createNotifySender, type NotifySend } from "./notify-socket.ts";

/** What ml-serving tells systemd, per sd_notify(3). Every method is a no-op when not under systemd. */
export interface SystemdNotifier {
  /** True when `$NOTIFY_SOCKET` is set, i.e. systemd (Type=notify) is listening. */
  readonly enabled: boolean;
  /** `READY=1`: start-up is complete. */
  ready(status: string): void;
  /** `STOPPING=1`: the drain has begun. */
  stopping(status: string): void;
  /** `WATCHDOG=1`: still alive and well. */
  watchdog(): void;
  /** `STATUS=…`: one line shown by `systemctl status`. */
  status(text: string): void;
}

const oneLine = (text: string) => text.replaceAll("\n", " ");

/**
 * The notifier for this process: talks to `$NOTIFY_SOCKET` when systemd set it, does nothing
 * otherwise. A failed send is logged, never thrown: the service keeps serving.
 *
 * @example
 * const notifier = createSystemdNotifier(process.env, logger);
 * notifier.ready("Serving churn on :8000");
 */
export function createSystemdNotifier(
  env: Record<string, string | undefined>,
  logger: Logger,
  createSender: (address: string) => NotifySend = createNotifySender,
): SystemdNotifier {
  const address = env.NOTIFY_SOCKET;
  if (!address) {
    const nothing = () => {};
    return {
      enabled: false,
      ready: nothing,
      stopping: nothing,
      watchdog: nothing,
      status: nothing,
    };
  }
  let send: NotifySend;
  try {
    send = createSender(address);
  } catch (error) {
    logger.error("cannot notify systemd", {
      notify_socket: address,
      error: (error as Error).message,
    });
    send = () => {};
  }
  const notify = (message: string) => {
    try {
      send(message);
    } catch (error) {
      logger.warn("systemd notification failed", { message, error: (error as Error).message });
    }
  };
  return {
    enabled: true,
    ready: (status) => notify(`READY=1\nSTATUS=${oneLine(status)}`),
    stopping: (status) => notify(`STOPPING=1\nSTATUS=${oneLine(status)}`),
    watchdog: () => notify("WATCHDOG=1"),
    status: (text) => notify(`STATUS=${oneLine(text)}`),
  };
}
