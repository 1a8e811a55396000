import { expect } from "chai";
import { type RegisteredResource, withoutSecrets } from "./pulumi-install";
import type { ProviderServer } from "./provider-server";

/* eslint-disable @typescript-eslint/no-explicit-any -- props are whatever the provider returns */
type Props = Record<string, any>;

export interface Deployed {
  type: string;
  name: string;
  urn: string;
  id: string;
  inputs: Props;
  props: Props;
}

/** The unknown marker: what the Pulumi engine sends for a value not known during a preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface DiffAnswer {
  changes: string;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/** One resource's step in a preview: what `up` would do to it, with the inputs check returned and the diff. */
export interface PlannedStep {
  op: "create" | "same" | "update" | "replace" | "delete";
  inputs: Props;
  diff?: DiffAnswer;
}

const typeOf = (r: RegisteredResource) => r.type.split(":").pop() as string;

/**
 * What `pulumi up` and `destroy` do with a captured program, through the provider server: each
 * resource in the program's order (a dependency order), with the ids it depends on resolved from
 * the mocks' `<name>-id` placeholders to the ids the engine gave.
 */
export class Stack {
  readonly resources = new Map<string, Deployed>();

  constructor(
    private readonly server: ProviderServer,
    private readonly project: string,
  ) {}

  urn(type: string, name: string): string {
    return `urn:pulumi:dev::${this.project}::pulumi-nodejs:dynamic/eci:${type}::${name}`;
  }

  get(name: string): Deployed {
    const found = this.resources.get(name);
    if (!found) throw new Error(`no resource ${name} is deployed`);
    return found;
  }

  /**
   * The registered inputs with secrets unwrapped and the placeholders of deployed resources' ids
   * replaced; the ids of the resources named in `unknown` (being created or replaced in a preview) are
   * the unknown marker, as the Pulumi engine sends them.
   */
  resolve(inputs: Props, unknown: ReadonlySet<string> = new Set()): Props {
    const ids = new Map<string, string>([...this.resources.values()].map((r) => [`${r.name}-id`, r.id]));
    for (const name of unknown) ids.set(`${name}-id`, UNKNOWN);
    return JSON.parse(JSON.stringify(withoutSecrets(inputs)), (_key, value: unknown) => (typeof value === "string" && ids.has(value) ? ids.get(value) : value));
  }

  /**
   * What `pulumi preview` does with a changed program: each resource, in the program's order, checked
   * (against its state, when it has one) and, when deployed, diffed, with the ids of the resources that
   * will be created or replaced not known yet; resources the program no longer has are deleted.
   */
  async preview(program: RegisteredResource[]): Promise<Map<string, PlannedStep>> {
    const plan = new Map<string, PlannedStep>();
    const unknown = new Set<string>();
    for (const r of program) {
      const old = this.resources.get(r.name);
      const urn = old?.urn ?? this.urn(typeOf(r), r.name);
      const { inputs, failures } = await this.server.check(urn, old?.inputs ?? {}, this.resolve(r.inputs, unknown));
      expect(failures, r.name).to.deep.equal([]);
      if (!old) {
        plan.set(r.name, { op: "create", inputs });
        unknown.add(r.name);
        continue;
      }
      const diff = await this.server.diff(old.id, urn, old.props, inputs, old.inputs);
      const op = diff.replaces.length > 0 ? "replace" : diff.changes === "some" ? "update" : "same";
      if (op === "replace") unknown.add(r.name);
      plan.set(r.name, { op, inputs, diff });
    }
    const kept = new Set(program.map((r) => r.name));
    for (const r of this.resources.values()) if (!kept.has(r.name)) plan.set(r.name, { op: "delete", inputs: r.inputs });
    return plan;
  }

  /**
   * What `pulumi up` does with a program: new resources created, changed ones updated or
   * replaced as their diff says, in the program's order; then the replaced resources that were not
   * deleted first, and those the program no longer has, deleted dependents first (the reverse of the
   * order they were created in).
   */
  async up(program: RegisteredResource[]): Promise<void> {
    const created = [...this.resources.keys()];
    const deferred: Deployed[] = [];
    for (const r of program) {
      if (this.resources.has(r.name)) await this.change(r.name, r.inputs, deferred);
      else await this.add(r);
    }
    const kept = new Set(program.map((r) => r.name));
    const removed = [...this.resources.values()].filter((r) => !kept.has(r.name));
    for (const r of removed) this.resources.delete(r.name);
    const rank = (r: Deployed) => created.indexOf(r.name);
    for (const r of [...deferred, ...removed].sort((a, b) => rank(b) - rank(a))) await this.server.delete(r.id, r.urn, r.props, r.inputs);
  }

  /** Check and Create one resource of the program. */
  async add(r: RegisteredResource): Promise<Deployed> {
    return this.create(typeOf(r), r.name, r.inputs);
  }

  async create(type: string, name: string, registered: Props): Promise<Deployed> {
    const urn = this.urn(type, name);
    const { inputs, failures } = await this.server.check(urn, {}, this.resolve(registered));
    expect(failures).to.deep.equal([]);
    const { id, props } = await this.server.create(urn, inputs);
    const deployed = { type, name, urn, id, inputs, props };
    this.resources.set(name, deployed);
    return deployed;
  }

  /**
   * Check and Diff new inputs for a deployed resource, then Update it or replace it as the diff says:
   * the old one deleted first when `deleteBeforeReplace`, else after the new one is created (or later,
   * by the caller, when it passes `deferred`).
   */
  async change(name: string, news: Props, deferred?: Deployed[]): Promise<{ diff: DiffAnswer; deployed: Deployed }> {
    const old = this.get(name);
    const { inputs, failures } = await this.server.check(old.urn, old.inputs, this.resolve(news));
    expect(failures).to.deep.equal([]);
    const diff = await this.server.diff(old.id, old.urn, old.props, inputs, old.inputs);
    let deployed: Deployed;
    if (diff.replaces.length === 0) {
      deployed = { ...old, inputs, props: await this.server.update(old.id, old.urn, old.props, inputs, old.inputs) };
    } else {
      if (diff.deleteBeforeReplace) await this.server.delete(old.id, old.urn, old.props, old.inputs);
      const { id, props } = await this.server.create(old.urn, inputs);
      if (!diff.deleteBeforeReplace && deferred) deferred.push(old);
      else if (!diff.deleteBeforeReplace) await this.server.delete(old.id, old.urn, old.props, old.inputs);
      deployed = { ...old, id, inputs, props };
    }
    this.resources.set(name, deployed);
    return { diff, deployed };
  }

  /** Delete every resource, in the reverse order of creation. */
  async destroy(): Promise<void> {
    for (const r of [...this.resources.values()].reverse()) {
      await this.server.delete(r.id, r.urn, r.props, r.inputs);
      this.resources.delete(r.name);
    }
  }
}
