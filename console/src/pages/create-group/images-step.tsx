import type { RegistryCredential, ValidationIssue } from "../../api/contract";
import { fieldId, messagesAt } from "../../api/issues";
import { Field } from "../../components/field";
import { PairRows } from "../../components/pair-rows";
import { Rows } from "../../components/rows";
import { Link } from "../../router";
import { useList } from "../../use-list";
import { type ContainerForm, newContainer, normalizedSize, type WizardForm } from "./wizard-form";

/** Step 1: the containers, each with its image, resources, ports, variables and command. */
export function ImagesStep({ form, edit, issues }: { form: WizardForm; edit: (mutate: (f: WizardForm) => void) => void; issues: readonly ValidationIssue[] }) {
  const credentials = useList<RegistryCredential>("/v1/registry-credentials").items ?? [];
  const size = normalizedSize(form);
  const at = (path: string, nested = false) => messagesAt(issues, path, nested);
  return (
    <>
      <p className="step-intro">
        Every group has 1–20 containers sharing one IP and port space. Init containers run first, one at a time, each to success; work containers then run together.
      </p>
      {at("containers").length > 0 && (
        <p className="field-error" id={fieldId("containers")} tabIndex={-1}>
          {at("containers").join("; ")}
        </p>
      )}
      {form.containers.map((c, i) => {
        const set = (patch: Partial<ContainerForm>) => edit((f) => Object.assign(f.containers[i], patch));
        return (
          <section className="card" key={i} aria-labelledby={`container-${i}-title`}>
            <div className="card-header">
              <h2 id={`container-${i}-title`}>Container {i + 1}</h2>
              {form.containers.length > 1 && (
                <button type="button" className="button button-quiet" onClick={() => edit((f) => f.containers.splice(i, 1))}>
                  Remove container {i + 1}
                </button>
              )}
            </div>
            <ContainerFields container={c} index={i} set={set} issues={issues} credentials={credentials} />
          </section>
        );
      })}
      <div className="step-footer-note">
        <button type="button" className="button" onClick={() => edit((f) => f.containers.push(newContainer(f.containers.length)))} disabled={form.containers.length >= 20}>
          Add container
        </button>
        <p aria-live="polite">
          {size === "too-large"
            ? "The request is above the largest size (32 vCPU, 256 GiB)."
            : size && `The group's size: ${size.cpu} vCPU, ${size.memory} GiB (the request rounded up to the size table; billed and enforced).`}
        </p>
      </div>
    </>
  );
}

/**
 * The inputs of one container (`containers[index]`): image, resources, ports, variables and command. The
 * wizard shows them for each container, and the group page to edit one container of a running group.
 */
export function ContainerFields({ container: c, index, set, issues, credentials }: { container: ContainerForm; index: number; set: (patch: Partial<ContainerForm>) => void; issues: readonly ValidationIssue[]; credentials: readonly RegistryCredential[] }) {
  const p = `containers[${index}]`;
  const at = (path: string, nested = false) => messagesAt(issues, path, nested);
  return (
    <>
    <div className="grid">
      <Field label="Name" path={`${p}.name`} messages={at(`${p}.name`)}>
        {(control) => <input {...control} value={c.name} onChange={(e) => set({ name: e.target.value })} />}
      </Field>
      <Field label="Image" path={`${p}.image`} messages={at(`${p}.image`)} hint="A registry URI and tag, such as registry.example.com/team/app:1.2; Docker Hub names are allowed.">
        {(control) => <input {...control} value={c.image} placeholder="nginx:1.27" onChange={(e) => set({ image: e.target.value })} />}
      </Field>
      <Field label="Type" path={`${p}.type`} messages={at(`${p}.type`)}>
        {(control) => (
          <select {...control} value={c.type} onChange={(e) => set({ type: e.target.value as ContainerForm["type"] })}>
            <option value="work">Work container</option>
            <option value="init">Init container</option>
          </select>
        )}
      </Field>
      <Field label="Pull policy" path={`${p}.imagePullPolicy`} messages={at(`${p}.imagePullPolicy`)}>
        {(control) => (
          <select {...control} value={c.imagePullPolicy} onChange={(e) => set({ imagePullPolicy: e.target.value as ContainerForm["imagePullPolicy"] })}>
            <option value="">Default (Always for :latest)</option>
            <option value="Always">Always</option>
            <option value="IfNotPresent">IfNotPresent</option>
            <option value="Never">Never</option>
          </select>
        )}
      </Field>
      <Field
        label="Registry credential"
        path={`${p}.registryCredentialId`}
        messages={at(`${p}.registryCredentialId`)}
        hint={
          <>
            For a private image; <Link to="/registry-credentials">manage credentials</Link>.
          </>
        }
      >
        {(control) => (
          <select {...control} value={c.registryCredentialId} onChange={(e) => set({ registryCredentialId: e.target.value })}>
            <option value="">None (a public image)</option>
            {credentials.map((rc) => (
              <option key={rc.id} value={rc.id}>
                {rc.name} ({rc.server})
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="CPU (vCPU)" path={`${p}.cpu`} messages={at(`${p}.cpu`)} hint="Fractions allowed; empty: a share of the group.">
        {(control) => <input {...control} inputMode="decimal" value={c.cpu} onChange={(e) => set({ cpu: e.target.value })} />}
      </Field>
      <Field label="Memory (GiB)" path={`${p}.memory`} messages={at(`${p}.memory`)} hint="Empty: a share of the group.">
        {(control) => <input {...control} inputMode="decimal" value={c.memory} onChange={(e) => set({ memory: e.target.value })} />}
      </Field>
    </div>
    <Rows
      legend="Ports"
      id={fieldId(`${p}.ports`)}
      rows={c.ports}
      onChange={(ports) => set({ ports })}
      newRow={() => ({ port: "", protocol: "TCP" as const })}
      addLabel="Add port"
      messages={at(`${p}.ports`)}
      render={(row, j, setRow) => (
        <div className="inline-fields">
          <Field label="Port" path={`${p}.ports[${j}].port`} messages={at(`${p}.ports[${j}]`, true)}>
            {(control) => <input {...control} inputMode="numeric" value={row.port} onChange={(e) => setRow({ port: e.target.value })} />}
          </Field>
          <Field label="Protocol" path={`${p}.ports[${j}].protocol`}>
            {(control) => (
              <select {...control} value={row.protocol} onChange={(e) => setRow({ protocol: e.target.value as "TCP" | "UDP" })}>
                <option>TCP</option>
                <option>UDP</option>
              </select>
            )}
          </Field>
        </div>
      )}
    />
    <PairRows
      legend="Environment variables"
      path={`${p}.env`}
      rows={c.env}
      onChange={(env) => set({ env })}
      issues={issues}
      keyLabel="Name"
      valueLabel="Value"
      addLabel="Add variable"
    />
    <details className="more">
      <summary>Command, arguments, working directory, log size</summary>
      <div className="grid">
        <Field label="Command" path={`${p}.command`} messages={at(`${p}.command`, true)} hint="Replaces the image's entrypoint; one argument per line.">
          {(control) => <textarea {...control} rows={3} value={c.command} onChange={(e) => set({ command: e.target.value })} />}
        </Field>
        <Field label="Arguments" path={`${p}.args`} messages={at(`${p}.args`, true)} hint="Replace the image's command; one per line.">
          {(control) => <textarea {...control} rows={3} value={c.args} onChange={(e) => set({ args: e.target.value })} />}
        </Field>
        <Field label="Working directory" path={`${p}.workingDir`} messages={at(`${p}.workingDir`)}>
          {(control) => <input {...control} placeholder="/app" value={c.workingDir} onChange={(e) => set({ workingDir: e.target.value })} />}
        </Field>
        <Field label="Log size kept (MB)" path={`${p}.maxLogSizeMB`} messages={at(`${p}.maxLogSizeMB`)} hint="1–1024, default 10; the oldest output goes first.">
          {(control) => <input {...control} inputMode="numeric" value={c.maxLogSizeMB} onChange={(e) => set({ maxLogSizeMB: e.target.value })} />}
        </Field>
      </div>
    </details>
    </>
  );
}
