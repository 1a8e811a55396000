import { usePolled } from "./use-polled";

/** The items of a list endpoint (`/v1/disks`), loaded once: the choices of a select (none while loading, or when it fails). */
export function useList<T>(path: string): { items: T[] | undefined } {
  const list = usePolled((client, signal) => client.get<{ items: T[] }>(path, signal), 0, [path]);
  return { items: list.data?.items };
}
