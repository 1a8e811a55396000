import type { StandbyPool, ValidationIssue } from "../../api/contract";
import { messagesAt } from "../../api/issues";
import { POOLS, profileSpec } from "../../api/pools";
import { Field } from "../../components/field";
import { useList } from "../../use-list";
import { claimForm, type WizardForm } from "./wizard-form";

/**
 * "Claim from a standby pool": choosing a pool fills every step with its profile and makes the create
 * a claim (`standbyPoolId`). A pool whose profile holds `secureEnv` cannot be chosen: the values are
 * never read back, so the console cannot send the same spec.
 */
export function ClaimSelect({ form, edit, issues }: { form: WizardForm; edit: (mutate: (f: WizardForm) => void) => void; issues: readonly ValidationIssue[] }) {
  const pools = useList<StandbyPool>(POOLS).items ?? [];
  if (pools.length === 0) return null;
  const choose = (id: string) => {
    const pool = pools.find((p) => p.id === id);
    const profile = pool && profileSpec(pool);
    edit((f) => Object.assign(f, profile ? claimForm(f, id, profile) : { standbyPoolId: "" }));
  };
  const hint = form.standbyPoolId
    ? "Every step holds the pool's profile: change only the name, description, labels and config files' content. With a group ready, the new group is running at once; with none, it is created the ordinary way."
    : "Optional: take a group the pool keeps running, instead of starting a new one.";
  return (
    <div className="grid">
      <Field label="Claim from a standby pool" path="standbyPoolId" messages={messagesAt(issues, "standbyPoolId")} hint={hint} className="span-2">
        {(control) => (
          <select {...control} value={form.standbyPoolId} onChange={(e) => choose(e.target.value)}>
            <option value="">None: start a new group</option>
            {pools.map((p) => (
              <option key={p.id} value={p.id} disabled={!profileSpec(p)}>
                {p.name} ({profileSpec(p) ? `${p.readyCount} of ${p.maxReadyCapacity} ready` : "its profile holds secrets: claim it with the API"})
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}
