import type { ReactNode } from "react";
import { fieldId } from "../api/issues";

export interface FieldControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby"?: string;
}

/**
 * A labelled input with its hint and its error messages (the API's, or the same schema's run in the
 * page), tied to the input with `aria-describedby` so a screen reader reads them with it.
 */
export function Field(props: { label: ReactNode; path: string; messages?: string[]; hint?: ReactNode; className?: string; children: (control: FieldControlProps) => ReactNode }) {
  const id = fieldId(props.path);
  const messages = props.messages ?? [];
  const described = [props.hint ? `${id}-hint` : "", messages.length ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className={`field${messages.length ? " field-invalid" : ""}${props.className ? ` ${props.className}` : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children({ id, "aria-invalid": messages.length > 0, ...(described ? { "aria-describedby": described } : {}) })}
      {props.hint && (
        <p className="field-hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {messages.length > 0 && (
        <p className="field-error" id={`${id}-error`}>
          {messages.join("; ")}
        </p>
      )}
    </div>
  );
}

/** A check box with its label after it, and its messages. */
export function CheckField(props: { label: ReactNode; path: string; checked: boolean; onChange: (checked: boolean) => void; messages?: string[]; hint?: ReactNode }) {
  const id = fieldId(props.path);
  const messages = props.messages ?? [];
  return (
    <div className={`field field-check${messages.length ? " field-invalid" : ""}`}>
      <input type="checkbox" id={id} checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} aria-describedby={messages.length ? `${id}-error` : undefined} />
      <label htmlFor={id}>{props.label}</label>
      {props.hint && <p className="field-hint">{props.hint}</p>}
      {messages.length > 0 && (
        <p className="field-error" id={`${id}-error`}>
          {messages.join("; ")}
        </p>
      )}
    </div>
  );
}
