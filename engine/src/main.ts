import { accountsCommand } from "./accounts-command";
import { USAGE, loadConfig } from "./config";
import { Engine } from "./engine";
import { engineLogger } from "./log-output";

/** `eci-engine`: starts the engine, listens, reads its TLS files again on SIGHUP, and shuts down gracefully on SIGINT/SIGTERM. */
export async function main(argv: string[]): Promise<void> {
  if (argv[0] === "accounts") {
    try {
      process.exitCode = accountsCommand(argv.slice(1), process.env, (line) => console.log(line));
    } catch (err) {
      console.error((err as Error).message);
      process.exitCode = 1;
    }
    return;
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  let config;
  try {
    config = loadConfig(argv, process.env);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const logger = engineLogger({ level: config.logLevel, format: config.logFormat });
  const engine = new Engine(config, { logger, httpLogger: logger });
  logger.info({ dataDir: config.dataDir }, "Starting engine…");
  let address: string;
  try {
    await engine.start();
    // HTTPS (and WSS) when the config has a key pair: the app was built with it.
    address = await engine.app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (err) {
    logger.error({ err }, `Failed to start engine: ${(err as Error).message}`);
    await engine.close().catch(() => {});
    process.exitCode = 1;
    return;
  }
  logger.info({ listen: address, engineId: engine.engineId }, "Started engine");

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, "Stopping engine…");
    const force = setTimeout(() => {
      logger.warn({}, "Shutdown took over 10 s; exiting");
      process.exit(1);
    }, 10_000);
    force.unref();
    engine.close().then(
      () => logger.info({}, "Stopped engine"),
      (err) => {
        logger.error({ err }, "Failed to stop engine cleanly");
        process.exitCode = 1;
      },
    );
  };
  process.on("SIGHUP", () => engine.reloadTls());
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}
