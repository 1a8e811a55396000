import { type EciError, isEciError } from "@eci/sdk";

/** The `EciError` that `promise` rejects with; any other outcome fails the test. */
export async function caught(promise: Promise<unknown>): Promise<EciError> {
  try {
    await promise;
  } catch (err) {
    if (isEciError(err)) return err;
    throw err;
  }
  throw new Error("expected an EciError");
}
