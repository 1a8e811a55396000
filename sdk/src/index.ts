export * from "./errors";
export * from "./resources";
export * from "./validation";
export * from "./schemas/common";
export * from "./schemas/container-group";
export * from "./schemas/event";
