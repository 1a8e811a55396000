import { type StatsListener, readFileSync, unwatchFile, watchFile } from "node:fs";
import { X509Certificate } from "node:crypto";
import { createSecureContext, type Server } from "node:tls";
import type { Logger } from "./logger";
import type { TlsSettings } from "./tls-settings";

/** How often the certificate and key files are looked at (a stat each): a renewal is served within this. */
export const TLS_CHECK_INTERVAL_MS = 2_000;

/**
 * Serves a renewed certificate without a restart, as a certbot or cert-manager renewal expects: when
 * the certificate or key file changes (or `reload` is called: SIGHUP), the pair is read again and
 * given to the server for its next connections; open connections keep theirs. A pair that does not
 * load (a renewal half-written, a key that is not the certificate's) is logged and the current one
 * kept: the next change tries again. Returns `reload` and `stop`.
 */
export function watchTlsFiles(server: Server, settings: TlsSettings, logger: Logger): { reload: () => void; stop: () => void } {
  const reload = () => {
    try {
      const pair = { cert: readFileSync(settings.certFile), key: readFileSync(settings.keyFile) };
      createSecureContext(pair);
      server.setSecureContext(pair);
      const cert = new X509Certificate(pair.cert);
      logger.info({ subject: cert.subject, validTo: cert.validTo, fingerprint256: cert.fingerprint256 }, "Serving a renewed TLS certificate");
    } catch (err) {
      logger.warn({ certFile: settings.certFile, keyFile: settings.keyFile, err: (err as Error).message }, "Kept the TLS certificate in use: the files do not hold a certificate and its key");
    }
  };
  const changed: StatsListener = (now, before) => {
    if (now.mtimeMs !== before.mtimeMs || now.ino !== before.ino || now.size !== before.size) reload();
  };
  for (const file of [settings.certFile, settings.keyFile]) watchFile(file, { interval: TLS_CHECK_INTERVAL_MS, persistent: false }, changed);
  return {
    reload,
    stop: () => {
      for (const file of [settings.certFile, settings.keyFile]) unwatchFile(file, changed);
    },
  };
}
