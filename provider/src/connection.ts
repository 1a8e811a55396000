import { type ClientOptions, idSchema, resolveEndpoint } from "@eci/sdk";
import { z } from "zod";
import { isRecord } from "./canonical";
import { UNKNOWN } from "./unknowns";

/**
 * The `connection` input: the engine a resource lives on and the key it is managed with, when not the
 * stack's. Each field left out is the stack config's (`eci:endpoint`, `eci:accessKey`, `eci:caFile`) or
 * the environment's, as for a resource without a connection.
 */
export const ConnectionSchema = z
  .strictObject({
    endpoint: z
      .string()
      .regex(/^https?:\/\/[^\s/]+/, "must be an http:// or https:// URL, such as http://127.0.0.1:7400")
      .optional()
      .describe("The engine's URL; default `eci:endpoint`. A new endpoint means another engine: the resource is replaced (created there, then deleted here)."),
    accessKey: z.string().min(1).optional().describe("The access key (always a secret); default `eci:accessKey`. A new key changes nothing on the engine."),
    caFile: z.string().min(1).optional().describe("The CA certificate file of an engine serving TLS; default `eci:caFile`."),
  })
  .describe("The engine this resource lives on and the key it is managed with, when not the stack config's; each field left out is the stack config's.");

export type Connection = z.infer<typeof ConnectionSchema>;

/**
 * The inputs of the provider itself that every resource has: `adoptId`, an existing resource (of the
 * kind whose ids start with `idPrefix`) to take over instead of creating one, and `connection`.
 */
export function sharedInputs(idPrefix: string) {
  return {
    adoptId: idSchema(idPrefix)
      .optional()
      .describe(
        "Adopt this existing resource instead of creating one, then apply the declared inputs to it (`pulumi import` does not work for dynamic resources). It matters only to create: leaving it out once adopted changes nothing.",
      ),
    connection: ConnectionSchema.optional(),
  };
}

export interface SharedInputs {
  adoptId?: string;
  connection?: Connection;
}

/** The settings `configure` read: the stack config, or the environment when it says nothing. */
export interface Configured {
  endpoint?: string;
  accessKey?: string;
  caFile?: string;
}

/** How a hook reaches a resource's engine: its `connection` (in inputs and outputs alike), each field defaulting to the configured one. */
export function clientOptionsOf(props: Record<string, unknown>, configured: Configured): ClientOptions {
  const connection = isRecord(props.connection) ? (props.connection as Connection) : {};
  return {
    endpoint: connection.endpoint ?? configured.endpoint,
    accessKey: connection.accessKey ?? configured.accessKey,
    caFile: connection.caFile ?? configured.caFile,
  };
}

/** The engine a resource lives on, as `diff` compares it: `UNKNOWN` while its endpoint is not known (a preview). */
export function engineOf(props: Record<string, unknown>, defaultEndpoint: string): string {
  if (props.connection === UNKNOWN) return UNKNOWN;
  const given = isRecord(props.connection) ? props.connection.endpoint : undefined;
  if (given === UNKNOWN) return UNKNOWN;
  return resolveEndpoint(typeof given === "string" ? given : defaultEndpoint);
}
