import type { ReactNode } from "react";

/**
 * An editable list of rows (ports, variables, mounts, rules): each row's inputs, a Remove button per
 * row and an Add button, in a fieldset named by `legend`.
 */
export function Rows<T>(props: {
  legend: string;
  rows: T[];
  onChange: (rows: T[]) => void;
  newRow: () => T;
  addLabel: string;
  render: (row: T, index: number, set: (patch: Partial<T>) => void) => ReactNode;
  hint?: ReactNode;
  messages?: string[];
  id?: string;
}) {
  const { rows, onChange } = props;
  const set = (index: number) => (patch: Partial<T>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  return (
    <fieldset className="rows" id={props.id} tabIndex={props.id ? -1 : undefined}>
      <legend>{props.legend}</legend>
      {props.hint && <p className="field-hint">{props.hint}</p>}
      {props.messages && props.messages.length > 0 && <p className="field-error">{props.messages.join("; ")}</p>}
      {rows.map((row, i) => (
        <div className="row" key={i}>
          {props.render(row, i, set(i))}
          <button type="button" className="button button-quiet row-remove" aria-label={`Remove ${props.legend.toLowerCase()} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button button-small" onClick={() => onChange([...rows, props.newRow()])}>
        {props.addLabel}
      </button>
    </fieldset>
  );
}
