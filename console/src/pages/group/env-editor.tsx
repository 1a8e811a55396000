import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, messageOf } from "../../api/api-error";
import { type ContainerGroup, ContainerGroupSpecSchema, type ValidationIssue, validate } from "../../api/contract";
import { specOf, updateGroup } from "../../api/groups";
import { type Pair, pairsOf, recordOf } from "../../api/pairs";
import { Field } from "../../components/field";
import { IssueSummary } from "../../components/issue-summary";
import { Notice } from "../../components/notice";
import { PairRows } from "../../components/pair-rows";
import { useSession } from "../../session";

const SUMMARY_ID = "env-issues";

/**
 * Changes one container's `env` by an online update (`PUT` with `If-Match`): the engine re-creates
 * that container only. A `PUT` replaces the whole spec, and `secureEnv` values are never read back,
 * so when the group has any, they must be typed again.
 */
export function EnvEditor({ group, container, onDone }: { group: ContainerGroup; container: ContainerGroup["containers"][number]; onDone: (message?: string) => void }) {
  const { client } = useSession();
  const index = group.containers.indexOf(container);
  const path = `containers[${index}].env`;
  const [rows, setRows] = useState<Pair[]>(() => pairsOf(container.env));
  const [secrets, setSecrets] = useState<Record<string, Record<string, string>>>({});
  const [issues, setIssues] = useState<ValidationIssue[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const version = useRef(group.version);
  const withSecrets = group.containers.filter((c) => c.secureEnvNames.length > 0);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.scrollIntoView({ block: "nearest" });
    form.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, [container.name]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const env = recordOf(rows, path, "variable");
    const spec = specOf(group, secrets);
    spec.containers[index] = { ...spec.containers[index], env: env.record };
    const missing = withSecrets.flatMap((c, i) => c.secureEnvNames.filter((n) => !secrets[c.name]?.[n]).map((n) => ({ path: `secureEnv.${i}.${n}`, rule: "required", message: `type the value of ${n} of ${c.name} again` })));
    const result = validate(ContainerGroupSpecSchema, spec);
    const found = [...env.issues, ...missing, ...(result.ok ? [] : result.issues)];
    setIssues(found);
    if (found.length > 0) return requestAnimationFrame(() => document.getElementById(SUMMARY_ID)?.focus());
    setBusy(true);
    try {
      await updateGroup(client, group.id, spec, version.current);
      onDone(`Saved. The engine re-creates ${container.name} with its new environment; the other containers keep running.`);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) setIssues(err.issues);
      else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card editor" onSubmit={submit} noValidate aria-labelledby="env-title" ref={form}>
      <div className="card-header">
        <h2 id="env-title">Environment of {container.name}</h2>
      </div>
      <p className="muted">An online update: only {container.name} is re-created; the group keeps its IP and the other containers keep running.</p>
      <IssueSummary id={SUMMARY_ID} issues={issues} />
      {error && <Notice>{error}</Notice>}
      <PairRows legend="Variables" path={path} rows={rows} onChange={setRows} issues={issues} keyLabel="Name" valueLabel="Value" addLabel="Add variable" />
      {withSecrets.length > 0 && (
        <fieldset className="rows">
          <legend>Secret variables (secureEnv)</legend>
          <p className="field-hint">Their values are never shown, and an update replaces the whole spec: type them again, or they are removed.</p>
          {withSecrets.map((c, i) =>
            c.secureEnvNames.map((name) => (
              <Field key={`${c.name}.${name}`} label={`${name} of ${c.name}`} path={`secureEnv.${i}.${name}`} messages={issues.filter((x) => x.path === `secureEnv.${i}.${name}` || x.path === `containers[${group.containers.indexOf(c)}].secureEnv.${name}`).map((x) => x.message)}>
                {(control) => (
                  <input
                    {...control}
                    type="password"
                    autoComplete="off"
                    value={secrets[c.name]?.[name] ?? ""}
                    onChange={(e) => setSecrets((s) => ({ ...s, [c.name]: { ...s[c.name], [name]: e.target.value } }))}
                  />
                )}
              </Field>
            )),
          )}
        </fieldset>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={() => onDone()}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Saving…" : "Save and re-create the container"}
        </button>
      </div>
    </form>
  );
}
