import { useState } from "react";
import { type StandbyPool, StandbyPoolSpecSchema, validate } from "../../api/contract";
import { profileSpec, setReadyCapacity } from "../../api/pools";
import { ConfirmButton } from "../../components/confirm-button";
import { Field } from "../../components/field";
import { numberOr } from "../../form-values";
import { useSession } from "../../session";

/**
 * Changes how many groups a pool keeps ready, online: `PUT` of the same profile with the new capacity
 * and `If-Match`, so a change made meanwhile is refused rather than overwritten. A profile with
 * `secureEnv` cannot be sent again (its values are never read back), so it is changed with the API.
 */
export function PoolCapacityButton({ pool, done }: { pool: StandbyPool; done: (news: string) => void }) {
  const { client } = useSession();
  const [value, setValue] = useState(String(pool.maxReadyCapacity));
  const profile = profileSpec(pool);
  if (!profile) return <span className="muted">secrets in profile: change with eci apply</span>;
  const change = async () => {
    const checked = validate(StandbyPoolSpecSchema.shape.maxReadyCapacity, numberOr(value));
    if (!checked.ok) throw new Error(`Ready capacity ${checked.issues[0].message}`);
    await setReadyCapacity(client, pool, profile, checked.value);
    done(`Standby pool ${pool.name} now keeps ${checked.value} ready.`);
  };
  return (
    <ConfirmButton label="Capacity" className="button button-small" title={`Ready capacity of ${pool.name}`} confirmLabel="Save" action={change}>
      <Field label="Groups kept ready" path={`${pool.id}.maxReadyCapacity`} hint="0–20. More are created at once; fewer are deleted, those still starting first.">
        {(control) => <input {...control} inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />}
      </Field>
    </ConfirmButton>
  );
}
