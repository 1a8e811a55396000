import type { ContainerGroup } from "../../api/contract";
import { Field } from "../../components/field";
import { navigate, useLocation } from "../../router";

/** The container a tab shows, kept in the URL (`?container=web`) so a link can open it. */
export function useContainerChoice(group: ContainerGroup, prefer: (c: ContainerGroup["containers"][number]) => boolean = () => true): [string | undefined, (name: string) => void] {
  const { path, query } = useLocation();
  const asked = query.get("container");
  const chosen = group.containers.find((c) => c.name === asked)?.name ?? (group.containers.find(prefer) ?? group.containers[0])?.name;
  const choose = (name: string) => {
    const next = new URLSearchParams(query);
    next.set("container", name);
    navigate(`${path}?${next}`, { replace: true });
  };
  return [chosen, choose];
}

export function ContainerPicker({ group, value, onChange, extra }: { group: ContainerGroup; value: string | undefined; onChange: (name: string) => void; extra?: { value: string; label: string } }) {
  return (
    <Field label="Container" path="container">
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
          {extra && <option value={extra.value}>{extra.label}</option>}
          {group.containers.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name} ({c.state})
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
