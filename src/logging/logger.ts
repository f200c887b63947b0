export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "pretty";
export type LogFields = Record<string, unknown>;

export interface Logger {
  readonly level: LogLevel;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Whether a line at `level` would be written: skip building costly fields otherwise. */
  enabled(level: LogLevel): boolean;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function prettyLine(time: Date, level: LogLevel, message: string, fields: LogFields): string {
  const extras = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ");
  const clock = time.toISOString().slice(11, 23);
  return `${clock} ${level.toUpperCase().padEnd(5)} ${message}${extras ? ` ${extras}` : ""}\n`;
}

/**
 * JSON lines on stdout (journald keeps them): `{"time","level","msg",...fields}`, or a
 * human-readable line with `format: "pretty"`. Lines below `level` are dropped.
 *
 * @example
 * const logger = createLogger({ level: "info", format: "json" });
 * logger.info("listening", { port: 8000 }); // {"time":"…","level":"info","msg":"listening","port":8000}
 */
export function createLogger(options: {
  level: LogLevel;
  format: LogFormat;
  write?: (line: string) => void;
}): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const threshold = rank[options.level];
  const log = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (rank[level] < threshold) return;
    const time = new Date();
    write(
      options.format === "json"
        ? `${JSON.stringify({ time: time.toISOString(), level, msg: message, ...fields })}\n`
        : prettyLine(time, level, message, fields),
    );
  };
  return {
    level: options.level,
    debug: (message, fields) => log("debug", message, fields),
    info: (message, fields) => log("info", message, fields),
    warn: (message, fields) => log("warn", message, fields),
    error: (message, fields) => log("error", message, fields),
    enabled: (level) => rank[level] >= threshold,
  };
}
