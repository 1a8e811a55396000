import { type Logger as PinoLogger, pino } from "pino";
import pretty from "pino-pretty";
import type { LogFormat } from "./config";

/** What `auto` means: a person reads a terminal, a program reads a file or a pipe. */
export function chooseLogFormat(format: LogFormat, isTty: boolean): "pretty" | "json" {
  return format === "auto" ? (isTty ? "pretty" : "json") : format;
}

/**
 * The engine's log on stdout: one JSON object per line, or one line per event with the time, the level
 * (in colour on a terminal, unless NO_COLOR is set), the message and its fields.
 */
export function engineLogger(options: { level: string; format: LogFormat }): PinoLogger {
  const tty = process.stdout.isTTY === true;
  if (chooseLogFormat(options.format, tty) === "json") return pino({ level: options.level });
  const colorize = tty && !process.env.NO_COLOR;
  return pino({ level: options.level }, pretty({ colorize, translateTime: "SYS:yyyy-mm-dd HH:MM:ss.l", ignore: "pid,hostname", singleLine: true, sync: true }));
}
