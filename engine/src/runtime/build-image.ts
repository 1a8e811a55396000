import type Docker from "dockerode";
import tar from "tar-stream";

export type ImageFile = { name: string; content: Buffer | string; mode?: number } | { name: string; linkTo: string } | { name: string; directory: true; mode?: number };

/** Builds an image from scratch with these files and image settings, with no base image and no network. */
export async function buildScratchImage(docker: Docker, tag: string, files: ImageFile[], cmd: string[], labels: Record<string, string> = {}): Promise<void> {
  const pack = tar.pack();
  pack.entry({ name: "Dockerfile" }, `FROM scratch\nCOPY rootfs/ /\nCMD ${JSON.stringify(cmd)}\n`);
  for (const file of files) {
    const name = `rootfs/${file.name.replace(/^\//, "")}`;
    if ("linkTo" in file) pack.entry({ name, type: "symlink", linkname: file.linkTo });
    else if ("directory" in file) pack.entry({ name, type: "directory", mode: file.mode ?? 0o755 });
    else pack.entry({ name, mode: file.mode ?? 0o644 }, file.content);
  }
  pack.finalize();
  const stream = await docker.buildImage(pack as unknown as NodeJS.ReadableStream, { t: tag, labels });
  await followProgress(docker, stream);
}

/** Waits for a pull or build stream to end; Docker reports failures inside the stream, not as an HTTP status. */
export function followProgress(docker: Docker, stream: NodeJS.ReadableStream, onProgress?: (event: ProgressEvent) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: ProgressEvent[]) => {
        if (err) return reject(err);
        const failure = output.find((o) => o.error);
        if (failure) return reject(new Error(failure.errorDetail?.message ?? failure.error));
        resolve();
      },
      onProgress,
    );
  });
}

export interface ProgressEvent {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { message?: string };
}
