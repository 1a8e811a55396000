import { type DependencyList, useCallback, useEffect, useRef, useState } from "react";
import { useSession } from "./session";
import type { EngineClient } from "./api/engine-client";

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  /** Loads again now (after an action), without waiting for the next round. */
  reload: () => void;
}

/**
 * Loads with the session's client, then again every `intervalMs` while the tab is visible (0: once).
 * One request at a time; a newer answer always wins; leaving the page aborts the request in flight.
 */
export function usePolled<T>(load: (client: EngineClient, signal: AbortSignal) => Promise<T>, intervalMs: number, deps: DependencyList): Polled<T> {
  const { client } = useSession();
  const [state, setState] = useState<{ data?: T; error?: Error }>({});
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    setState({});
  }, deps);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = async () => {
      if (document.visibilityState === "visible" || timer === undefined) {
        try {
          const data = await loadRef.current(client, controller.signal);
          if (!controller.signal.aborted) setState({ data });
        } catch (err) {
          if (!controller.signal.aborted) setState((s) => ({ data: s.data, error: err as Error }));
        }
      }
      if (intervalMs > 0 && !controller.signal.aborted) timer = setTimeout(round, intervalMs);
    };
    void round();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [client, intervalMs, tick, ...deps]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, reload };
}
