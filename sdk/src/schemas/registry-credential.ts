import { z } from "zod";
import { HourlyPriceSchema, NameSchema, TimestampSchema, VersionSchema, idSchema, listSchema } from "./common";

/** A registry host as Docker names it: `registry.example.com`, `127.0.0.1:5000`, `docker.io`. */
export const RegistryServerSchema = z
  .string()
  .max(253)
  .regex(/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?(:[0-9]{1,5})?$/, "must be a registry host with an optional port, such as registry.example.com or 127.0.0.1:5000")
  .describe("The registry host, with its port when not the default.");

/** What a user sends to create or rotate a credential. The password is write-only: it is never returned. */
export const RegistryCredentialSpecSchema = z.strictObject({
  name: NameSchema.optional().describe("1–63 characters; default: the server."),
  server: RegistryServerSchema,
  username: z.string().min(1).max(255).describe("The user to log in to the registry as."),
  password: z.string().min(1).max(4096).describe("Write-only: stored encrypted, never returned or logged."),
  verify: z.boolean().default(false).describe("Log in to the registry before storing the credential, and refuse it if the login fails."),
});
export type RegistryCredentialSpecInput = z.input<typeof RegistryCredentialSpecSchema>;
export type RegistryCredentialSpec = z.infer<typeof RegistryCredentialSpecSchema>;

/** A credential as the API returns it: everything but the password. */
export const RegistryCredentialSchema = z.object({
  id: idSchema("rc"),
  name: z.string(),
  server: z.string(),
  username: z.string(),
  passwordUpdatedAt: TimestampSchema.describe("When the password was last set (RFC 3339): a rotation shows here."),
  hourlyPrice: HourlyPriceSchema.describe("Always 0: registry credentials are not billed."),
  version: VersionSchema,
  createdAt: TimestampSchema.describe("When it was created (RFC 3339)."),
  updatedAt: TimestampSchema.describe("When its spec or status last changed (RFC 3339)."),
});
export type RegistryCredential = z.infer<typeof RegistryCredentialSchema>;

export const RegistryCredentialListSchema = listSchema(RegistryCredentialSchema);

/** The registry an image reference pulls from: its first component when that is a host, else Docker Hub. */
export function registryOf(image: string): string {
  const slash = image.indexOf("/");
  const first = slash < 0 ? "" : image.slice(0, slash);
  return first && (first.includes(".") || first.includes(":") || first === "localhost") ? first : "docker.io";
}
