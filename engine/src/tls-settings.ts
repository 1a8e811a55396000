import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { createSecureContext } from "node:tls";

/** The certificate (chain) and private key the API serves HTTPS and WSS with, in PEM. */
export interface TlsKeyPair {
  cert: Buffer;
  key: Buffer;
}

/** The pair as read at start, and the files it is read again from when they change (`watchTlsFiles`). */
export interface TlsSettings extends TlsKeyPair {
  certFile: string;
  keyFile: string;
}

export interface TlsInput {
  listenHost: string;
  /** `--tls-cert` / `ECI_TLS_CERT`, relative to `cwd`. */
  certFile?: string;
  /** `--tls-key` / `ECI_TLS_KEY`, relative to `cwd`. */
  keyFile?: string;
  /** `--insecure` / `ECI_INSECURE=true`: plain HTTP on a non-loopback address, knowingly. */
  insecure: boolean;
}

/**
 * The key pair to serve with, or none for plain HTTP (SPEC §7 "TLS"). Throws an Error naming the
 * setting when only one of the two files is given, when a file cannot be read, when the two are not a
 * certificate and its key, or when plain HTTP would listen beyond loopback without `--insecure`: access
 * keys would then cross the network in clear text.
 */
export function tlsSettings(input: TlsInput, cwd: string): TlsSettings | undefined {
  if (!input.certFile !== !input.keyFile) {
    const [given, missing] = input.certFile ? ["ECI_TLS_CERT", "ECI_TLS_KEY"] : ["ECI_TLS_KEY", "ECI_TLS_CERT"];
    throw new Error(`Invalid configuration: ${missing}: required with ${given} (give --tls-cert and --tls-key together, or neither)`);
  }
  if (!input.certFile || !input.keyFile) {
    if (!input.insecure && !isLoopbackHost(input.listenHost)) {
      throw new Error(
        `Invalid configuration: ECI_LISTEN: ${input.listenHost} is not a loopback address, and without TLS access keys would cross the network in clear text; ` +
          "give --tls-cert and --tls-key (ECI_TLS_CERT, ECI_TLS_KEY), or --insecure (ECI_INSECURE=true) to serve plain HTTP anyway",
      );
    }
    return undefined;
  }
  const certFile = path.resolve(cwd, input.certFile);
  const keyFile = path.resolve(cwd, input.keyFile);
  const pair = { cert: readSetting("ECI_TLS_CERT", certFile), key: readSetting("ECI_TLS_KEY", keyFile) };
  try {
    // What the HTTPS server would do on its first connection, done now so a bad pair stops the start.
    createSecureContext(pair);
  } catch (err) {
    throw new Error(`Invalid configuration: ECI_TLS_CERT, ECI_TLS_KEY: not a PEM certificate and its private key (${(err as Error).message})`);
  }
  return { ...pair, certFile, keyFile };
}

/** 127.0.0.0/8, ::1 and `localhost`: addresses no other machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.toLowerCase().replace(/^::ffff:/, "");
  if (bare === "localhost" || bare === "::1") return true;
  return isIP(bare) === 4 && bare.startsWith("127.");
}

function readSetting(setting: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`Invalid configuration: ${setting}: cannot read ${file}: ${(err as Error).message}`);
  }
}
