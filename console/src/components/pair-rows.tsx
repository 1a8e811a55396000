import type { ValidationIssue } from "../api/contract";
import { fieldId, messagesAt } from "../api/issues";
import type { Pair } from "../api/pairs";
import { Rows } from "./rows";

/**
 * Name/value rows for a map of the spec (`env`, `labels`). A row's inputs answer to the path of its
 * key (`containers[0].env.MODE`), which is where the schema and the API report a broken rule.
 */
export function PairRows(props: { legend: string; path: string; rows: Pair[]; onChange: (rows: Pair[]) => void; issues: readonly ValidationIssue[]; keyLabel: string; valueLabel: string; addLabel: string; hint?: string }) {
  const { path, issues } = props;
  return (
    <Rows
      legend={props.legend}
      id={fieldId(path)}
      rows={props.rows}
      onChange={props.onChange}
      newRow={() => ({ key: "", value: "" })}
      addLabel={props.addLabel}
      hint={props.hint}
      messages={messagesAt(issues, path)}
      render={(row, i, set) => {
        const first = props.rows.findIndex((r) => r.key === row.key) === i;
        const id = first ? fieldId(`${path}.${row.key}`) : `${fieldId(path)}#${i}`;
        const messages = messagesAt(issues, `${path}.${row.key}`, true);
        return (
          <div className={`pair${messages.length ? " field-invalid" : ""}`}>
            <input id={id} aria-label={`${props.keyLabel} ${i + 1}`} placeholder={props.keyLabel} value={row.key} onChange={(e) => set({ key: e.target.value })} aria-invalid={messages.length > 0} aria-describedby={messages.length ? `${id}-error` : undefined} />
            <input id={`${id}-value`} aria-label={`${props.valueLabel} ${i + 1}`} placeholder={props.valueLabel} value={row.value} onChange={(e) => set({ value: e.target.value })} />
            {messages.length > 0 && (
              <p className="field-error" id={`${id}-error`}>
                {messages.join("; ")}
              </p>
            )}
          </div>
        );
      }}
    />
  );
}
