import { type FormEvent, useState } from "react";
import type { z } from "zod";
import { ApiError, messageOf } from "../../api/api-error";
import { type ValidationIssue, validate } from "../../api/contract";
import { fieldId, messagesAt } from "../../api/issues";
import { CheckField, Field } from "../../components/field";
import { IssueSummary } from "../../components/issue-summary";
import { Notice } from "../../components/notice";
import { Rows } from "../../components/rows";
import { lines, numberOr } from "../../form-values";
import { useSession } from "../../session";
import { useList } from "../../use-list";
import { FormActions } from "../../components/form-actions";

/** A field of a create form, named by its spec path: the schema's and the API's issues come back to it. */
export type FormField =
  | { type: "text" | "password" | "textarea"; name: string; label: string; hint?: string; placeholder?: string; optional?: boolean; initial?: string }
  | { type: "number"; name: string; label: string; hint?: string; initial?: string }
  | { type: "select"; name: string; label: string; options: readonly string[]; initial: string; hint?: string }
  | { type: "checkbox"; name: string; label: string; hint?: string }
  | { type: "lines"; name: string; label: string; hint?: string; placeholder?: string }
  | { type: "ref"; name: string; label: string; source: string; multiple?: boolean; required?: boolean; hint?: string; only?: (item: Ref) => boolean }
  | { type: "rows"; name: string; label: string; fields: RowField[]; addLabel: string; hint?: string }
  | { type: "spec"; name: string; label: string; hint?: string; initial: string; copy: SpecCopy };
/** Where a spec field can copy its JSON from: the resources of a list, and the spec of one of them. */
export interface SpecCopy {
  source: string;
  label: string;
  specOf: (item: Ref) => unknown;
  hint?: string;
}
export type RowField = { type: "text" | "number"; name: string; label: string; placeholder?: string; initial?: string } | { type: "select"; name: string; label: string; options: readonly string[]; initial: string };
/** What a reference field lists: any resource with an id and a name. */
export interface Ref {
  id: string;
  name: string;
  [key: string]: unknown;
}

type Values = Record<string, string | boolean | string[] | Array<Record<string, string>>>;

function initialValues(fields: FormField[]): Values {
  return Object.fromEntries(
    fields.map((f) => [
      f.name,
      f.type === "checkbox" ? false : f.type === "rows" ? [] : f.type === "ref" && f.multiple ? [] : f.type === "select" ? f.initial : "initial" in f ? (f.initial ?? "") : "",
    ]),
  );
}

/** The request body from the inputs: empty optional values left out, numbers, lists and JSON parsed (JSON that does not parse is an issue at its field). */
function bodyOf(fields: FormField[], values: Values): { body: Record<string, unknown>; issues: ValidationIssue[] } {
  const body: Record<string, unknown> = {};
  const issues: ValidationIssue[] = [];
  for (const f of fields) {
    const v = values[f.name];
    if (f.type === "checkbox") body[f.name] = v;
    else if (f.type === "spec") {
      try {
        body[f.name] = JSON.parse(v as string);
      } catch (err) {
        issues.push({ path: f.name, rule: "json", value: v, message: `is not JSON: ${(err as Error).message}` });
      }
    }
    else if (f.type === "number") body[f.name] = numberOr(v as string);
    else if (f.type === "lines") body[f.name] = lines(v as string) ?? [];
    else if (f.type === "rows") body[f.name] = (v as Array<Record<string, string>>).map((row) => rowOf(f.fields, row));
    else if (f.type === "ref") body[f.name] = f.multiple ? v : v || undefined;
    else if (f.type === "select") body[f.name] = v;
    else body[f.name] = v === "" && (f.optional || f.name === "description") ? undefined : v;
  }
  return { body: Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)), issues };
}

function rowOf(fields: RowField[], row: Record<string, string>): Record<string, unknown> {
  return Object.fromEntries(fields.flatMap((f) => (row[f.name] === "" ? [] : [[f.name, f.type === "number" ? numberOr(row[f.name]) : row[f.name]]])));
}

/**
 * A create form driven by a list of fields: checked with the kind's spec schema before it is sent
 * (the API's own messages, at their fields), then posted; a 422 maps back the same way.
 */
export function ResourceForm(props: { title: string; path: string; schema: z.ZodType; fields: FormField[]; submitLabel: string; onCreated: (created: Ref) => void; onCancel: () => void }) {
  const { client } = useSession();
  const [values, setValues] = useState<Values>(() => initialValues(props.fields));
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const summaryId = `${props.path}-issues`;
  const set = (name: string, value: Values[string]) => setValues((v) => ({ ...v, [name]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const { body, issues: unparsed } = bodyOf(props.fields, values);
    const result = validate(props.schema, body);
    const found = [...unparsed, ...(result.ok ? [] : result.issues.filter((i) => !unparsed.some((u) => u.path === i.path)))];
    setIssues(found);
    if (found.length > 0) return requestAnimationFrame(() => document.getElementById(summaryId)?.focus());
    setBusy(true);
    try {
      props.onCreated(await client.json<Ref>("POST", props.path, body));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        setIssues(err.issues);
        requestAnimationFrame(() => document.getElementById(summaryId)?.focus());
      } else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card editor" onSubmit={submit} noValidate aria-labelledby={`${summaryId}-title`}>
      <div className="card-header">
        <h2 id={`${summaryId}-title`}>{props.title}</h2>
      </div>
      <IssueSummary id={summaryId} issues={issues} />
      {error && <Notice>{error}</Notice>}
      <div className="grid">
        {props.fields.map((f) => (
          <FormInput key={f.name} field={f} value={values[f.name]} onChange={(v) => set(f.name, v)} issues={issues} />
        ))}
      </div>
      <FormActions label={props.submitLabel} busyLabel="Creating…" busy={busy} onCancel={props.onCancel} />
    </form>
  );
}

function FormInput({ field: f, value, onChange, issues }: { field: FormField; value: Values[string]; onChange: (v: Values[string]) => void; issues: ValidationIssue[] }) {
  const messages = messagesAt(issues, f.name, f.type === "lines" || f.type === "ref");
  switch (f.type) {
    case "checkbox":
      return <CheckField label={f.label} path={f.name} checked={value as boolean} onChange={onChange} hint={f.hint} messages={messages} />;
    case "rows":
      return (
        <div className="span-2">
          <Rows
            legend={f.label}
            id={fieldId(f.name)}
            hint={f.hint}
            rows={value as Array<Record<string, string>>}
            onChange={onChange}
            newRow={() => Object.fromEntries(f.fields.map((r) => [r.name, r.type === "select" ? r.initial : (r.initial ?? "")]))}
            addLabel={f.addLabel}
            messages={messagesAt(issues, f.name)}
            render={(row, i, setRow) => (
              <div className="inline-fields">
                {f.fields.map((r) => (
                  <Field key={r.name} label={r.label} path={`${f.name}[${i}].${r.name}`} messages={messagesAt(issues, `${f.name}[${i}].${r.name}`)}>
                    {(control) =>
                      r.type === "select" ? (
                        <select {...control} value={row[r.name]} onChange={(e) => setRow({ [r.name]: e.target.value })}>
                          {r.options.map((o) => (
                            <option key={o}>{o}</option>
                          ))}
                        </select>
                      ) : (
                        <input {...control} inputMode={r.type === "number" ? "numeric" : undefined} placeholder={r.placeholder} value={row[r.name]} onChange={(e) => setRow({ [r.name]: e.target.value })} />
                      )
                    }
                  </Field>
                ))}
                {messagesAt(issues, `${f.name}[${i}]`).length > 0 && <p className="field-error">{messagesAt(issues, `${f.name}[${i}]`).join("; ")}</p>}
              </div>
            )}
          />
        </div>
      );
    case "ref":
      return <RefInput field={f} value={value as string | string[]} onChange={onChange} messages={messages} />;
    case "spec":
      return <SpecInput field={f} value={value as string} onChange={onChange} issues={issues} />;
    default:
      return (
        <Field label={f.label} path={f.name} messages={messages} hint={f.hint} className={f.type === "textarea" || f.type === "lines" ? "span-2" : undefined}>
          {(control) =>
            f.type === "select" ? (
              <select {...control} value={value as string} onChange={(e) => onChange(e.target.value)}>
                {f.options.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            ) : f.type === "textarea" || f.type === "lines" ? (
              <textarea {...control} rows={3} placeholder={f.placeholder} value={value as string} onChange={(e) => onChange(e.target.value)} />
            ) : (
              <input
                {...control}
                type={f.type === "password" ? "password" : "text"}
                autoComplete={f.type === "password" ? "new-password" : "off"}
                inputMode={f.type === "number" ? "numeric" : undefined}
                placeholder={"placeholder" in f ? f.placeholder : undefined}
                value={value as string}
                onChange={(e) => onChange(e.target.value)}
              />
            )
          }
        </Field>
      );
  }
}

/**
 * A spec as JSON text, with a select that fills it from an existing resource's spec. The issues of
 * every path inside it show at the text, each with the path it concerns (`containers[0].image: …`).
 */
function SpecInput({ field: f, value, onChange, issues }: { field: Extract<FormField, { type: "spec" }>; value: string; onChange: (v: string) => void; issues: ValidationIssue[] }) {
  const items = useList<Ref>(f.copy.source).items ?? [];
  const [copied, setCopied] = useState("");
  const messages = issues
    .filter((i) => i.path === f.name || i.path.startsWith(`${f.name}.`))
    .map((i) => (i.path === f.name ? i.message : `${i.path.slice(f.name.length + 1)}: ${i.message}`));
  const copy = (id: string) => {
    setCopied(id);
    const item = items.find((i) => i.id === id);
    if (item) onChange(JSON.stringify(f.copy.specOf(item), null, 2));
  };
  return (
    <>
      <Field label={f.copy.label} path={`${f.name}-copy`} hint={f.copy.hint} className="span-2">
        {(control) => (
          <select {...control} value={copied} onChange={(e) => copy(e.target.value)}>
            <RefOptions items={items} none={items.length === 0 ? "None yet" : "Choose one"} />
          </select>
        )}
      </Field>
      <Field label={f.label} path={f.name} messages={messages} hint={f.hint} className="span-2">
        {(control) => <textarea {...control} className="mono" rows={12} spellCheck={false} value={value} onChange={(e) => onChange(e.target.value)} />}
      </Field>
    </>
  );
}

function RefInput({ field: f, value, onChange, messages }: { field: Extract<FormField, { type: "ref" }>; value: string | string[]; onChange: (v: string | string[]) => void; messages: string[] }) {
  const items = (useList<Ref>(f.source).items ?? []).filter((item) => !f.only || f.only(item));
  if (f.multiple) {
    const chosen = value as string[];
    return (
      <fieldset className={`rows span-2${messages.length ? " field-invalid" : ""}`} id={fieldId(f.name)} tabIndex={-1}>
        <legend>{f.label}</legend>
        {f.hint && <p className="field-hint">{f.hint}</p>}
        {items.length === 0 && <p className="muted">None yet.</p>}
        {items.map((item) => (
          <CheckField
            key={item.id}
            label={`${item.name} (${item.id})`}
            path={`${f.name}.${item.id}`}
            checked={chosen.includes(item.id)}
            onChange={(on) => onChange(on ? [...chosen, item.id] : chosen.filter((id) => id !== item.id))}
          />
        ))}
        {messages.length > 0 && <p className="field-error">{messages.join("; ")}</p>}
      </fieldset>
    );
  }
  return (
    <Field label={f.label} path={f.name} messages={messages} hint={f.hint}>
      {(control) => (
        <select {...control} value={value as string} onChange={(e) => onChange(e.target.value)}>
          <RefOptions items={items} none={f.required ? "Choose one" : "None"} />
        </select>
      )}
    </Field>
  );
}

/** A select's options: `none` first (the empty value), then each resource by name and id. */
function RefOptions({ items, none }: { items: Array<{ id: string; name: string }>; none: string }) {
  return (
    <>
      <option value="">{none}</option>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {item.name} ({item.id})
        </option>
      ))}
    </>
  );
}
