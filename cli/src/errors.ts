/** A command line the CLI cannot run as given (unknown kind, bad flag value): exit code 2, with a hint where to look. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose help to point at, such as `eci get`. */
    readonly helpOf = "eci",
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * A failure the CLI itself reports (a wait that timed out, a spec file that does not parse): exit code 1.
 * `lines` are printed indented under the message, such as one per broken field.
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly lines: readonly string[] = [],
  ) {
    super(message);
    this.name = "CliError";
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
