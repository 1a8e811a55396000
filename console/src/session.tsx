import { createContext, useContext } from "react";
import type { EngineClient } from "./api/engine-client";

export interface Session {
  client: EngineClient;
  logOut: () => void;
}

export const SessionContext = createContext<Session | null>(null);

/** The logged-in session: every page below the shell has one. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a logged-in session");
  return session;
}
