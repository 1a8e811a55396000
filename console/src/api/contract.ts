/**
 * The API contract, from the sdk's own source: the same zod schemas and validation the engine runs,
 * so a form shows the API's messages before it sends anything. Only these browser-safe modules are
 * imported; the sdk's index also pulls in its Node client (axios, ws).
 */
export * from "../../../sdk/src/errors";
export * from "../../../sdk/src/validation";
export * from "../../../sdk/src/resources";
export * from "../../../sdk/src/exec/channel-protocol";
export * from "../../../sdk/src/schemas/account";
export * from "../../../sdk/src/schemas/billing";
export * from "../../../sdk/src/schemas/container-group";
export * from "../../../sdk/src/schemas/disk";
export * from "../../../sdk/src/schemas/eip";
export * from "../../../sdk/src/schemas/event";
export * from "../../../sdk/src/schemas/image-cache";
export * from "../../../sdk/src/schemas/metrics";
export * from "../../../sdk/src/schemas/registry-credential";
export * from "../../../sdk/src/schemas/security-group";
export * from "../../../sdk/src/schemas/standby-pool";
export * from "../../../sdk/src/schemas/volume";
export * from "../../../sdk/src/schemas/vpc";
