import type { ValidationIssue } from "./contract";

/** The id of the input that edits a spec path: `containers[0].image` → `f-containers[0].image`. */
export const fieldId = (path: string) => `f-${path}`;

/**
 * The messages for the field at `path`: issues at that path, and with `nested`, at paths inside it
 * (a list edited as lines gets `images[2]`'s message; a row of `env` gets its variable's).
 */
export function messagesAt(issues: readonly ValidationIssue[], path: string, nested = false): string[] {
  return issues.filter((i) => i.path === path || (nested && (i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`)))).map((i) => i.message);
}

/** Moves the focus to the input of an issue's path, or of the nearest path above it that has one. */
export function focusIssue(path: string): void {
  for (let p = path; ; p = parentPath(p)) {
    const element = document.getElementById(fieldId(p));
    if (element) {
      element.focus();
      element.scrollIntoView({ block: "center" });
      return;
    }
    if (!p) return;
  }
}

function parentPath(path: string): string {
  const cut = Math.max(path.lastIndexOf("."), path.lastIndexOf("["));
  return cut < 0 ? "" : path.slice(0, cut);
}
