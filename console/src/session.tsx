import { createContext, useContext } from "react";
import type { EngineClient } from "./api/engine-client";

export interface Session {
  client: EngineClient;
  logOut: () => void;
  /** Goes on with another key of the same account (one the console just created), without logging in again. */
  switchKey: (key: string) => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The logged-in session: every page below the shell has one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a logged-in session");
  return session;
}
