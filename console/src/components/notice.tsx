import type { ReactNode } from "react";
import { messageOf } from "../api/api-error";

/** A message above the content: an error (with the engine's sentence), a warning, or news. */
export function Notice({ kind = "error", children }: { kind?: "error" | "warning" | "info" | "success"; children: ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === "error" ? "alert" : "status"}>
      {children}
    </div>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  return error ? <Notice>{messageOf(error)}</Notice> : null;
}
