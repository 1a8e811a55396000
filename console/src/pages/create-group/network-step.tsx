import type { Eip, SecurityGroup, ValidationIssue, Vxnet } from "../../api/contract";
import { messagesAt } from "../../api/issues";
import { Field } from "../../components/field";
import { Link } from "../../router";
import { useList } from "../../use-list";
import type { NetworkForm, WizardForm } from "./wizard-form";

const MODES: Array<{ mode: NetworkForm["mode"]; title: string; text: string }> = [
  { mode: "default", title: "Basic network", text: "A private IP; declared ports are published on 127.0.0.1 of the engine's host." },
  { mode: "basic", title: "Basic network with an EIP", text: "The group's declared ports answer on its own EIP, filtered by a security group." },
  { mode: "vpc", title: "VPC", text: "The group joins a vxnet of a VPC; traffic comes in through the VPC's port forwarding." },
];

/** Step 3: where the group's sandbox lives. */
export function NetworkStep({ form, edit, issues }: { form: WizardForm; edit: (mutate: (f: WizardForm) => void) => void; issues: readonly ValidationIssue[] }) {
  const n = form.network;
  const set = (patch: Partial<NetworkForm>) => edit((f) => Object.assign(f.network, patch));
  const vxnets = (useList<Vxnet>("/v1/vxnets").items ?? []).filter((v) => v.vpcId !== null);
  const eips = useList<Eip>("/v1/eips").items ?? [];
  const securityGroups = useList<SecurityGroup>("/v1/security-groups").items ?? [];
  const at = (path: string) => messagesAt(issues, path, true);
  return (
    <>
      <fieldset className="choices">
        <legend>Network type</legend>
        {MODES.map((m) => (
          <label key={m.mode} className={`choice${n.mode === m.mode ? " choice-selected" : ""}`}>
            <input type="radio" name="network-mode" value={m.mode} checked={n.mode === m.mode} onChange={() => set({ mode: m.mode })} />
            <span>
              <strong>{m.title}</strong>
              <span className="muted">{m.text}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {n.mode !== "default" && (
        <div className="grid">
          {n.mode === "vpc" && (
            <>
              <Field label="Vxnet" path="network.vxnetId" messages={at("network.vxnetId")} hint={<>A subnet of a VPC. <Link to="/vxnets">Create a vxnet</Link>.</>}>
                {(control) => (
                  <select {...control} value={n.vxnetId} onChange={(e) => set({ vxnetId: e.target.value })}>
                    <option value="">Choose a vxnet</option>
                    {vxnets.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.name} ({v.id}, {v.cidr})
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label="Private IP" path="network.privateIp" messages={at("network.privateIp")} hint="Optional: the engine picks the lowest free address.">
                {(control) => <input {...control} placeholder="automatic" value={n.privateIp} onChange={(e) => set({ privateIp: e.target.value })} />}
              </Field>
            </>
          )}
          {n.mode === "basic" && (
            <Field label="EIP" path="network.eipId" messages={at("network.eipId")} hint={<>Optional. <Link to="/eips">Allocate an EIP</Link>.</>}>
              {(control) => (
                <select {...control} value={n.eipId} onChange={(e) => set({ eipId: e.target.value })}>
                  <option value="">None</option>
                  {eips.map((eip) => (
                    <option key={eip.id} value={eip.id} disabled={eip.status === "associated"}>
                      {eip.name} ({eip.address}{eip.status === "associated" ? ", in use" : ""})
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          <Field label="Security group" path="network.securityGroupId" messages={at("network.securityGroupId")} hint="Optional: filters what reaches the group.">
            {(control) => (
              <select {...control} value={n.securityGroupId} onChange={(e) => set({ securityGroupId: e.target.value })}>
                <option value="">None</option>
                {securityGroups.map((sg) => (
                  <option key={sg.id} value={sg.id}>
                    {sg.name} ({sg.id})
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      )}
      {at("network").length > 0 && <p className="field-error">{at("network").join("; ")}</p>}
    </>
  );
}
