import { type FormEvent, useEffect, useRef, useState } from "react";
import { ApiError, messageOf } from "../../api/api-error";
import { type ContainerGroup, ContainerGroupSpecSchema, type RegistryCredential, type ValidationIssue, validate } from "../../api/contract";
import { specOf, updateGroup } from "../../api/groups";
import { recordOf } from "../../api/pairs";
import { Field } from "../../components/field";
import { IssueSummary } from "../../components/issue-summary";
import { Notice } from "../../components/notice";
import { useSession } from "../../session";
import { useList } from "../../use-list";
import { ContainerFields } from "../create-group/images-step";
import { type ContainerForm, containerFormOf, containerSpecOf } from "../create-group/wizard-form";
import { type UpdateEffects, updateEffects } from "./update-effects";
import { FormActions } from "../../components/form-actions";

const SUMMARY_ID = "container-issues";

/** How an edit ended: saved, refused because someone else changed the group meanwhile, or given up. */
export type EditOutcome = { kind: "saved" | "conflict"; message: string } | undefined;

/**
 * Changes one container of a running group by an online update (`PUT` of the whole spec with
 * `If-Match`): its image, resources, ports, variables, command. The same inputs as the create wizard,
 * checked with the same schema; before saving it says which containers the engine will re-create.
 * `secureEnv` values are never read back and a `PUT` replaces the whole spec, so they are typed again.
 */
export function ContainerEditor({ group, container, onDone }: { group: ContainerGroup; container: ContainerGroup["containers"][number]; onDone: (outcome: EditOutcome) => void }) {
  const { client } = useSession();
  const credentials = useList<RegistryCredential>("/v1/registry-credentials").items ?? [];
  const index = group.containers.indexOf(container);
  const [form, setForm] = useState<ContainerForm>(() => containerFormOf(specOf(group).containers[index]));
  const [secrets, setSecrets] = useState<Record<string, Record<string, string>>>({});
  // The form's own issues show once Save was tried, then follow each keystroke; the engine's until the next edit.
  const [tried, setTried] = useState(false);
  const [refused, setRefused] = useState<ValidationIssue[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // The version the edit started from: a write by anyone else since is refused (409), not overwritten.
  const version = useRef(group.version);
  const withSecrets = group.containers.filter((c) => c.secureEnvNames.length > 0);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" });
    ref.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, [container.name]);

  const rowIssues: ValidationIssue[] = [];
  const spec = specOf(group, secrets);
  const record = (rows: Parameters<typeof recordOf>[0], path: string, what: string) => {
    const out = recordOf(rows, path, what);
    rowIssues.push(...out.issues);
    return out.record;
  };
  const secureEnv = spec.containers[index].secureEnv;
  spec.containers[index] = { ...containerSpecOf(form, index, record), ...(secureEnv ? { secureEnv } : {}) };
  const missing = withSecrets.flatMap((c) =>
    c.secureEnvNames.filter((n) => !secrets[c.name]?.[n]).map((n) => ({ path: secretPath(group, c.name, n), rule: "required", message: `type the value of ${n} of ${c.name} again to keep it` })),
  );
  const result = validate(ContainerGroupSpecSchema, spec);
  const local = [...rowIssues, ...missing, ...(result.ok ? [] : result.issues)];
  const issues = [...(tried ? local : []), ...refused];
  const effects = updateEffects(specOf(group), spec);
  const edit = (patch: Partial<ContainerForm>) => {
    setRefused([]);
    setForm((f) => ({ ...f, ...patch }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setTried(true);
    if (local.length > 0) return requestAnimationFrame(() => document.getElementById(SUMMARY_ID)?.focus());
    // Secret values typed again cannot be compared: with any, the update is sent (the engine restarts nothing for the same values).
    if (withSecrets.length === 0 && effects && effects.recreated.length === 0 && !effects.sandbox) return setError(`Nothing to save: ${container.name}'s spec is unchanged.`);
    setBusy(true);
    try {
      await updateGroup(client, group.id, spec, version.current);
      onDone({ kind: "saved", message: `Saved. ${effectsSentence(group, effects, true)}` });
    } catch (err) {
      if (err instanceof ApiError && err.code === "version_conflict") {
        const { expected, current } = (err.details ?? {}) as { expected?: number; current?: number };
        const versions = expected !== undefined && current !== undefined ? ` (version ${expected} when you opened the editor, now ${current})` : "";
        onDone({ kind: "conflict", message: `Not saved: someone else changed ${group.name} while you edited it${versions}. The page shows it as it is now; make your edit again.` });
      } else if (err instanceof ApiError && err.issues.length > 0) {
        setRefused(err.issues);
        requestAnimationFrame(() => document.getElementById(SUMMARY_ID)?.focus());
      } else setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card editor" onSubmit={submit} noValidate aria-labelledby="edit-title" ref={ref}>
      <div className="card-header">
        <h2 id="edit-title">Edit {container.name}</h2>
      </div>
      <p className="muted">An online update: the engine re-creates only the containers whose spec changes; the group keeps its IP.</p>
      <IssueSummary id={SUMMARY_ID} issues={issues} />
      {error && <Notice>{error}</Notice>}
      <ContainerFields container={form} index={index} set={edit} issues={issues} credentials={credentials} />
      {withSecrets.length > 0 && (
        <fieldset className="rows">
          <legend>Secret variables (secureEnv)</legend>
          <p className="field-hint">
            Kept when typed again: the engine never shows their values, and an update replaces the whole spec, so type each one again. The same value re-creates nothing; a new one
            re-creates its container.
          </p>
          {withSecrets.map((c) =>
            c.secureEnvNames.map((name) => (
              <Field key={`${c.name}.${name}`} label={`${name} of ${c.name}`} path={secretPath(group, c.name, name)} messages={issues.filter((x) => x.path === secretPath(group, c.name, name)).map((x) => x.message)}>
                {(control) => (
                  <input
                    {...control}
                    type="password"
                    autoComplete="off"
                    value={secrets[c.name]?.[name] ?? ""}
                    onChange={(e) => (setRefused([]), setSecrets((s) => ({ ...s, [c.name]: { ...s[c.name], [name]: e.target.value } })))}
                  />
                )}
              </Field>
            )),
          )}
        </fieldset>
      )}
      <p className="update-effects" aria-live="polite">
        {effects ? effectsSentence(group, effects, false) : "Fix the values above to see what the update re-creates."}
      </p>
      <FormActions label="Save" busyLabel="Saving…" busy={busy} onCancel={() => onDone(undefined)} />
    </form>
  );
}

/** The path of a container's secret variable, as the API reports its issues. */
const secretPath = (group: ContainerGroup, container: string, name: string) => `containers[${group.containers.findIndex((c) => c.name === container)}].secureEnv.${name}`;

/** Which containers an update re-creates and which keep running: said before saving, and (`done`) after. */
function effectsSentence(group: ContainerGroup, effects: UpdateEffects | undefined, done: boolean): string {
  if (!effects) return "";
  const all = group.containers.map((c) => c.name);
  if (effects.sandbox) return `The ports change, which re-creates the group's sandbox: every container restarts (${all.join(", ")}).`;
  if (effects.recreated.length === 0) return "Nothing changed yet.";
  const kept = all.filter((n) => !effects.recreated.includes(n));
  const recreated = `${done ? "The engine re-creates" : "Saving re-creates"} ${effects.recreated.join(", ")}`;
  return kept.length ? `${recreated}; ${kept.join(", ")} ${kept.length === 1 ? "keeps" : "keep"} running.` : `${recreated}.`;
}
