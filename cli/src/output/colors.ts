import { createColors } from "picocolors";

export type Colors = ReturnType<typeof createColors>;

/** Colour only for a person at a terminal: the stream is a TTY and `NO_COLOR` is unset (https://no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR ?? "") === "";
}

/** The colours of what goes to stdout and to stderr, each decided by its own stream. */
export const stdoutColors: Colors = createColors(useColor(process.stdout));
export const stderrColors: Colors = createColors(useColor(process.stderr));

const GOOD = new Set(["running", "healthy", "available", "active", "succeeded", "ready", "Normal"]);
const BAD = new Set(["failed", "unhealthy", "Warning"]);

/** A status in the colour a person reads at a glance: green when all is well, red when not, yellow while it changes. */
export function colorStatus(colors: Colors, status: string): string {
  if (GOOD.has(status)) return colors.green(status);
  if (BAD.has(status)) return colors.red(status);
  return colors.yellow(status);
}
