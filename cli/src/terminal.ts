/**
 * Puts the local terminal into raw mode, so every key (Ctrl-C and Ctrl-D included) goes to the remote
 * terminal as typed, and answers the function that restores it. The restore also runs when the process
 * exits any other way, or is told to stop (SIGTERM, SIGHUP): a shell is never left without echo.
 */
export function enterRawMode(stdin: NodeJS.ReadStream = process.stdin): () => void {
  let raw = true;
  stdin.setRawMode(true);
  const restore = () => {
    if (raw) stdin.setRawMode(false);
    raw = false;
    process.off("exit", restore);
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.exit(128 + (signal === "SIGHUP" ? 1 : 15));
  };
  process.on("exit", restore);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  return restore;
}

/** The terminal's size, and a subscription to its changes (SIGWINCH); the answer unsubscribes. A terminal that knows no size (0×0) is not reported. */
export function onResize(stdout: NodeJS.WriteStream, listener: (cols: number, rows: number) => void): () => void {
  const emit = () => {
    if (stdout.columns > 0 && stdout.rows > 0) listener(stdout.columns, stdout.rows);
  };
  emit();
  stdout.on("resize", emit);
  return () => stdout.off("resize", emit);
}
