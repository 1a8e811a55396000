import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";

/**
 * Encrypts secrets at rest with AES-256-GCM under a key kept in the data directory (mode 600), so a
 * copy of the database alone reveals no password. Sealed text: `v1:<iv>:<tag>:<ciphertext>`, base64.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** Opens the key file, creating it (32 random bytes) on first use. */
  static open(keyFile: string): SecretBox {
    if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    const key = Buffer.from(readFileSync(keyFile, "utf8").trim(), "base64");
    if (key.length !== 32) throw new Error(`${keyFile} does not hold a 32-byte key`);
    return new SecretBox(key);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return ["v1", iv.toString("base64"), cipher.getAuthTag().toString("base64"), data.toString("base64")].join(":");
  }

  open(sealed: string): string {
    const [version, iv, tag, data] = sealed.split(":");
    if (version !== "v1") throw new Error(`unknown secret format ${version}`);
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(iv, "base64"));
    decipher.setAuthTag(Buffer.from(tag, "base64"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
  }
}
