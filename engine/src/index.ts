export { buildApp } from "./app";
export { DEFAULT_CONFIG, type EngineConfig, loadConfig } from "./config";
export { Engine, type EngineOptions } from "./engine";
export { main } from "./main";
