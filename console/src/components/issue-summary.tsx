import type { ValidationIssue } from "../api/contract";
import { focusIssue } from "../api/issues";

/**
 * The problems of a form in one list at its top, each a link that moves the focus to its field. The
 * form focuses it (by `id`) when a submit finds problems, so a keyboard or screen-reader user hears
 * what to fix.
 */
export function IssueSummary({ id, issues, title = "Fix these to continue" }: { id: string; issues: readonly ValidationIssue[]; title?: string }) {
  if (issues.length === 0) return null;
  return (
    <div className="issue-summary" id={id} role="alert" tabIndex={-1}>
      <h2>{title}</h2>
      <ul>
        {issues.map((issue, i) => (
          <li key={i}>
            <a
              href={`#${issue.path}`}
              onClick={(e) => {
                e.preventDefault();
                focusIssue(issue.path);
              }}
            >
              <code>{issue.path || "spec"}</code>: {issue.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
