import type Docker from "dockerode";
import type { Logger } from "../logger";
import { LABELS } from "./labels";

/**
 * Calls `onChange` with the group of every container of this engine that dies, is OOM-killed or is
 * removed; reconnects when the stream ends, and then calls `onResumed`: what changed while the stream
 * was down was not seen, so everything must be looked at again. Returns a function that stops watching.
 */
export function watchContainerEvents(
  docker: Docker,
  engineId: string,
  handlers: { onChange: (groupId: string) => void; onResumed: () => void },
  logger: Logger,
): () => void {
  const { onChange, onResumed } = handlers;
  let stopped = false;
  let connected = false;
  let current: (NodeJS.ReadableStream & { destroy(): void }) | undefined;
  const connect = async () => {
    while (!stopped) {
      try {
        const stream = (await docker.getEvents({
          filters: { type: ["container"], label: [`${LABELS.engine}=${engineId}`], event: ["die", "oom", "destroy"] },
        })) as NodeJS.ReadableStream & { destroy(): void };
        current = stream;
        if (stopped) stream.destroy();
        if (connected) {
          logger.info({}, "Watching Docker events again; looking at every group");
          onResumed();
        }
        connected = true;
        await new Promise<void>((resolve) => {
          let buffered = "";
          stream.on("data", (chunk: Buffer) => {
            buffered += chunk.toString("utf8");
            let newline: number;
            while ((newline = buffered.indexOf("\n")) >= 0) {
              const line = buffered.slice(0, newline);
              buffered = buffered.slice(newline + 1);
              const groupId = parseGroup(line);
              if (groupId) onChange(groupId);
            }
          });
          stream.on("end", resolve);
          stream.on("close", resolve);
          stream.on("error", resolve);
        });
      } catch (err) {
        logger.warn({ err }, "Failed to watch Docker events; retrying");
      }
      if (!stopped) await new Promise((r) => setTimeout(r, 1000));
    }
  };
  void connect();
  return () => {
    stopped = true;
    current?.destroy();
  };
}

function parseGroup(line: string): string | undefined {
  try {
    const event = JSON.parse(line) as { Actor?: { Attributes?: Record<string, string> } };
    return event.Actor?.Attributes?.[LABELS.group];
  } catch {
    return undefined;
  }
}
