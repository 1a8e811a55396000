import { HostTypeSchema, type ImageCache, RestartPolicySchema, type ValidationIssue } from "../../api/contract";
import { messagesAt } from "../../api/issues";
import { Field } from "../../components/field";
import { PairRows } from "../../components/pair-rows";
import { useList } from "../../use-list";
import { type BasicForm, normalizedSize, type WizardForm } from "./wizard-form";

/** Step 4: the group's name, labels, host type, restart policy, shared memory and image cache. */
export function BasicStep({ form, edit, issues }: { form: WizardForm; edit: (mutate: (f: WizardForm) => void) => void; issues: readonly ValidationIssue[] }) {
  const b = form.basic;
  const set = (patch: Partial<BasicForm>) => edit((f) => Object.assign(f.basic, patch));
  const caches = (useList<ImageCache>("/v1/image-caches").items ?? []).filter((c) => c.status === "available");
  const at = (path: string) => messagesAt(issues, path);
  const size = normalizedSize(form);
  const network = { default: "the basic network", basic: "the basic network with an EIP", vpc: "a VPC" }[form.network.mode];
  return (
    <>
      <p className="step-intro">
        The group: {form.containers.length} {form.containers.length === 1 ? "container" : "containers"} ({form.containers.map((c) => c.name || "unnamed").join(", ")}),{" "}
        {form.volumes.length} {form.volumes.length === 1 ? "volume" : "volumes"}, on {network}
        {size && size !== "too-large" ? `, ${size.cpu} vCPU and ${size.memory} GiB` : ""}.
      </p>
      <div className="grid">
        <Field label="Name" path="name" messages={at("name")} hint="1–63 characters.">
          {(control) => <input {...control} value={b.name} onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label="Host type" path="hostType" messages={at("hostType")} hint="Cannot change later: a new host type needs a new group.">
          {(control) => (
            <select {...control} value={b.hostType} onChange={(e) => set({ hostType: e.target.value as BasicForm["hostType"] })}>
              {HostTypeSchema.options.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Restart policy" path="restartPolicy" messages={at("restartPolicy")} hint="Which ended containers the engine restarts, in place.">
          {(control) => (
            <select {...control} value={b.restartPolicy} onChange={(e) => set({ restartPolicy: e.target.value as BasicForm["restartPolicy"] })}>
              {RestartPolicySchema.options.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Shared memory (MB)" path="shmSizeMB" messages={at("shmSizeMB")} hint="Optional; less than half of the group's memory.">
          {(control) => <input {...control} inputMode="numeric" placeholder="off" value={b.shmSizeMB} onChange={(e) => set({ shmSizeMB: e.target.value })} />}
        </Field>
        <Field label="Image cache" path="imageCacheId" messages={[...at("imageCacheId"), ...at("autoMatchImageCache")]} hint="Start from cached images instead of pulling them.">
          {(control) => (
            <select {...control} value={b.imageCache} onChange={(e) => set({ imageCache: e.target.value })}>
              <option value="">None</option>
              <option value="auto">Any available cache holding the images</option>
              {caches.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.id})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Description" path="description" messages={at("description")} className="span-2">
          {(control) => <textarea {...control} rows={2} value={b.description} onChange={(e) => set({ description: e.target.value })} />}
        </Field>
      </div>
      <PairRows legend="Labels" path="labels" rows={b.labels} onChange={(labels) => set({ labels })} issues={issues} keyLabel="Key" valueLabel="Value" addLabel="Add label" hint="At most 10; filter the group list by them." />
    </>
  );
}
