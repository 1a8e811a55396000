import type Docker from "dockerode";
import { followProgress } from "./build-image";
import type { ImageInfo, RegistryAuth } from "./container-runtime";
import { isStatus } from "./docker-status";

/** Pulls an image; says how many compressed bytes were downloaded, when Docker reported it. */
export async function pullImage(docker: Docker, ref: string, signal: AbortSignal, auth?: RegistryAuth): Promise<{ downloadedBytes: number | null }> {
  signal.throwIfAborted();
  const stream = (await docker.pull(ref, { abortSignal: signal, ...(auth ? { authconfig: auth } : {}) })) as NodeJS.ReadableStream & { destroy(err?: Error): void };
  const abort = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error("pull aborted"));
  signal.addEventListener("abort", abort, { once: true });
  // Each layer reports its compressed size while downloading; layers already present report none.
  const layers = new Map<string, number>();
  try {
    await followProgress(docker, stream, (e) => {
      if (e.id && e.status === "Downloading" && e.progressDetail?.total) layers.set(e.id, e.progressDetail.total);
    });
  } finally {
    signal.removeEventListener("abort", abort);
  }
  return { downloadedBytes: layers.size > 0 ? [...layers.values()].reduce((a, b) => a + b, 0) : null };
}

/** An image's id, digests and size; undefined when the daemon does not have it. */
export async function inspectImage(docker: Docker, ref: string): Promise<ImageInfo | undefined> {
  try {
    const info = await docker.getImage(ref).inspect();
    return { id: info.Id, repoDigests: info.RepoDigests ?? [], sizeBytes: info.Size };
  } catch (err) {
    if (isStatus(err, 404)) return undefined;
    throw err;
  }
}

/** Adds a tag that pins the image (nothing prunes a tagged image). */
export async function tagImage(docker: Docker, ref: string, repo: string, tag: string): Promise<void> {
  await docker.getImage(ref).tag({ repo, tag });
}

/** Removes a tag; the image itself stays while other tags or containers use it, and a tag already gone is not an error. */
export async function untagImage(docker: Docker, ref: string): Promise<void> {
  try {
    await docker.getImage(ref).remove({ noprune: true });
  } catch (err) {
    if (isStatus(err, 404) || isStatus(err, 409)) return;
    throw err;
  }
}

/** Logs in to a registry; throws when the registry refuses the credentials. */
export async function checkAuth(docker: Docker, auth: RegistryAuth): Promise<void> {
  await docker.checkAuth(auth);
}
