import { DISK_TYPES_BY_HOST, type Disk, type ValidationIssue } from "../../api/contract";
import { fieldId, messagesAt } from "../../api/issues";
import { CheckField, Field } from "../../components/field";
import { Rows } from "../../components/rows";
import { Link } from "../../router";
import { useList } from "../../use-list";
import { type MountRow, newVolume, type VolumeForm, type WizardForm } from "./wizard-form";

/** Step 2: the group's volumes (config files given here, or disks made beforehand), and which container mounts which where. */
export function VolumesStep({ form, edit, issues }: { form: WizardForm; edit: (mutate: (f: WizardForm) => void) => void; issues: readonly ValidationIssue[] }) {
  const disks = useList<Disk>("/v1/disks").items ?? [];
  const mountable = DISK_TYPES_BY_HOST[form.basic.hostType];
  const at = (path: string, nested = false) => messagesAt(issues, path, nested);
  const volumeNames = form.volumes.map((v) => v.name).filter(Boolean);
  return (
    <>
      <p className="step-intro">
        Optional. Config files are written from the text given here and mounted read-only; a disk keeps its data after the group is deleted. Each volume is shared by the containers that mount it.
      </p>
      {form.volumes.map((v, i) => {
        const p = `volumes[${i}]`;
        const set = (patch: Partial<VolumeForm>) => edit((f) => Object.assign(f.volumes[i], patch));
        return (
          <section className="card" key={i} aria-labelledby={`volume-${i}-title`}>
            <div className="card-header">
              <h2 id={`volume-${i}-title`}>Volume {i + 1}</h2>
              <button type="button" className="button button-quiet" onClick={() => edit((f) => f.volumes.splice(i, 1))}>
                Remove volume {i + 1}
              </button>
            </div>
            {at(p).length > 0 && <p className="field-error">{at(p).join("; ")}</p>}
            <div className="grid">
              <Field label="Name" path={`${p}.name`} messages={at(`${p}.name`)}>
                {(control) => <input {...control} value={v.name} onChange={(e) => set({ name: e.target.value })} />}
              </Field>
              <Field label="Source" path={`${p}.source`}>
                {(control) => (
                  <select {...control} value={v.source} onChange={(e) => set({ source: e.target.value as VolumeForm["source"] })}>
                    <option value="configFile">Config files</option>
                    <option value="disk">An existing disk</option>
                  </select>
                )}
              </Field>
              {v.source === "disk" && (
                <Field
                  label="Disk"
                  path={`${p}.disk.diskId`}
                  messages={at(`${p}.disk`, true)}
                  hint={
                    <>
                      A {form.basic.hostType} group mounts {mountable.join(", ")} disks. <Link to="/disks">Create a disk</Link>.
                    </>
                  }
                >
                  {(control) => (
                    <select {...control} value={v.diskId} onChange={(e) => set({ diskId: e.target.value })}>
                      <option value="">Choose a disk</option>
                      {disks.map((d) => (
                        <option key={d.id} value={d.id} disabled={d.status === "in-use" || !mountable.includes(d.type)}>
                          {d.name} ({d.id}, {d.type}, {d.sizeGB} GB{d.status === "in-use" ? `, in use by ${d.attachedTo}` : ""})
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
              )}
            </div>
            {v.source === "configFile" && (
              <Rows
                legend="Files"
                id={fieldId(`${p}.configFile`)}
                rows={v.files}
                onChange={(files) => set({ files })}
                newRow={() => ({ path: "", content: "" })}
                addLabel="Add file"
                messages={[...at(`${p}.configFile`), ...at(`${p}.configFile.files`)]}
                render={(file, j, setFile) => (
                  <div className="file-fields">
                    <Field label="Path in the volume" path={`${p}.configFile.files[${j}].path`} messages={at(`${p}.configFile.files[${j}].path`)}>
                      {(control) => <input {...control} placeholder="app.conf" value={file.path} onChange={(e) => setFile({ path: e.target.value })} />}
                    </Field>
                    <Field label="Content" path={`${p}.configFile.files[${j}].content`} messages={at(`${p}.configFile.files[${j}].content`)}>
                      {(control) => <textarea {...control} rows={4} className="mono" value={file.content} onChange={(e) => setFile({ content: e.target.value })} />}
                    </Field>
                  </div>
                )}
              />
            )}
          </section>
        );
      })}
      <button type="button" className="button" onClick={() => edit((f) => f.volumes.push(newVolume(f.volumes.length)))}>
        Add volume
      </button>
      {form.volumes.length > 0 && (
        <section className="card" aria-labelledby="mounts-title">
          <div className="card-header">
            <h2 id="mounts-title">Mounts</h2>
          </div>
          {form.containers.map((c, i) => {
            const p = `containers[${i}].volumeMounts`;
            return (
              <Rows
                key={i}
                legend={`Mounted by ${c.name || `container ${i + 1}`}`}
                id={fieldId(p)}
                rows={c.volumeMounts}
                onChange={(mounts) => edit((f) => void (f.containers[i].volumeMounts = mounts))}
                newRow={(): MountRow => ({ volume: volumeNames[0] ?? "", mountPath: "", subPath: "", readOnly: false })}
                addLabel="Add mount"
                messages={at(p)}
                render={(m, j, setMount) => (
                  <div className="inline-fields">
                    <Field label="Volume" path={`${p}[${j}].volume`} messages={at(`${p}[${j}].volume`)}>
                      {(control) => (
                        <select {...control} value={m.volume} onChange={(e) => setMount({ volume: e.target.value })}>
                          {volumeNames.map((name) => (
                            <option key={name}>{name}</option>
                          ))}
                        </select>
                      )}
                    </Field>
                    <Field label="Mount path" path={`${p}[${j}].mountPath`} messages={at(`${p}[${j}].mountPath`)}>
                      {(control) => <input {...control} placeholder="/etc/app" value={m.mountPath} onChange={(e) => setMount({ mountPath: e.target.value })} />}
                    </Field>
                    <Field label="Sub-path" path={`${p}[${j}].subPath`} messages={at(`${p}[${j}].subPath`)}>
                      {(control) => <input {...control} placeholder="optional" value={m.subPath} onChange={(e) => setMount({ subPath: e.target.value })} />}
                    </Field>
                    <CheckField label="Read-only" path={`${p}[${j}].readOnly`} checked={m.readOnly} onChange={(readOnly) => setMount({ readOnly })} messages={at(`${p}[${j}].readOnly`)} />
                  </div>
                )}
              />
            );
          })}
        </section>
      )}
    </>
  );
}
