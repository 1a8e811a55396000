/**
 * A failure that retrying will not fix (a vxnet that no longer exists, an image that cannot be pulled,
 * an init container that failed under the restart policy Never): the resource becomes `failed` with
 * this message as its reason. Any other error is retried with back-off.
 */
export class TerminalError extends Error {
  override readonly name = "TerminalError";
}
