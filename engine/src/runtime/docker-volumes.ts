import { existsSync } from "node:fs";
import type Docker from "dockerode";
import { ignoreNotFound, isStatus } from "./docker-status";
import { LABELS } from "./labels";

/** Creates a named volume with the engine's labels (and these), and the local driver's options when given. */
export async function createVolume(docker: Docker, engineId: string, name: string, labels: Record<string, string>, options?: Record<string, string>): Promise<void> {
  await docker.createVolume({ Name: name, Labels: { [LABELS.engine]: engineId, ...labels }, ...(options ? { Driver: "local", DriverOpts: options } : {}) });
}

/** Where the volume's data is on the host (a bind volume's device), or undefined when it does not exist. */
export async function volumeMountpoint(docker: Docker, name: string): Promise<string | undefined> {
  try {
    const volume = (await docker.getVolume(name).inspect()) as { Mountpoint: string; Options?: Record<string, string> | null };
    // Docker mounts a bind volume at its Mountpoint only while a container uses it: the data is at its device.
    const device = volume.Options?.o?.split(",").includes("bind") ? volume.Options.device : undefined;
    if (device) return existsSync(device) ? device : undefined;
    return volume.Mountpoint;
  } catch (err) {
    if (isStatus(err, 404)) return undefined;
    throw err;
  }
}

/** Removes a volume; one already gone is not an error, one in use is. */
export async function removeVolume(docker: Docker, name: string): Promise<void> {
  await ignoreNotFound(docker.getVolume(name).remove());
}
