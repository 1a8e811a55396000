import { ErrorBodySchema } from "../errors";
import { validate } from "../validation";
import { EciError } from "./errors";

/** Node's codes for a certificate that no CA the client trusts has signed. */
const UNTRUSTED_CERTIFICATE = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
]);

/** The error for an answer of 400 or more: the API's code and sentence, or `invalid_response` when the body is not an API error. */
export function errorFromAnswer(method: string, url: string, status: number, body: unknown, retryAfter: string | undefined): EciError {
  const parsed = validate(ErrorBodySchema, body);
  const retryAfterSeconds = /^\d+$/.test(retryAfter ?? "") ? Number(retryAfter) : undefined;
  if (!parsed.ok) return new EciError(`${method} ${url} answered HTTP ${status}`, "invalid_response", method, url, status, body, { retryAfterSeconds });
  const { code, message, details } = parsed.value;
  return new EciError(`${method} ${url}: HTTP ${status} ${code}: ${message}`, code, method, url, status, details, { retryAfterSeconds });
}

/** The error for a request that got no answer, saying what to do where the cause is the engine's certificate. */
export function errorFromNetwork(method: string, url: string, err: unknown): EciError {
  const code = (err as { code?: string }).code;
  const hint = UNTRUSTED_CERTIFICATE.has(code ?? "")
    ? ": the engine's certificate is not signed by a CA this client trusts; pass the CA's certificate as caFile (or ECI_CA_FILE)"
    : code === "ERR_TLS_CERT_ALTNAME_INVALID"
      ? ": the engine's certificate does not name the host of the endpoint; use a name or address its subjectAltName lists"
      : "";
  // Not the error itself as the cause: axios's carries the request's headers, access key included, and causes get printed.
  const cause = Object.assign(new Error((err as Error).message), { code });
  return new EciError(`${method} ${url} failed: ${(err as Error).message}${hint}`, "network_error", method, url, 0, undefined, { cause });
}

/** The code of the network error behind a `network_error` (`ECONNRESET`, …), for deciding on a retry. */
export function networkCodeOf(err: EciError): string | undefined {
  return (err.cause as { code?: string } | undefined)?.code;
}
