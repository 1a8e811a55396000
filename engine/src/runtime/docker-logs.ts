import { PassThrough, Readable } from "node:stream";
import type Docker from "dockerode";
import type { LogOptions } from "./container-runtime";

/** A container's output, stdout and stderr interleaved as text; followed, a stream until it is destroyed or the container stops. */
export async function containerLogs(docker: Docker, id: string, options: LogOptions): Promise<Readable> {
  const container = docker.getContainer(id);
  const common = { stdout: true, stderr: true, timestamps: options.timestamps ?? false, since: options.sinceSeconds ?? 0, ...(options.tail !== undefined ? { tail: options.tail } : {}) };
  if (!options.follow) {
    const buffer = (await container.logs({ ...common, follow: false })) as unknown as Buffer;
    return Readable.from([demux(buffer)]);
  }
  const stream = (await container.logs({ ...common, follow: true })) as unknown as NodeJS.ReadableStream & { destroy(): void };
  const out = new PassThrough();
  docker.modem.demuxStream(stream, out, out);
  stream.on("end", () => out.end());
  stream.on("error", (err: Error) => out.destroy(err));
  out.on("close", () => stream.destroy());
  return out;
}

/** Docker's 8-byte frame headers (stream, 0, 0, 0, size) removed; stdout and stderr kept in order. */
export function demux(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString("utf8");
}
