import { expect } from "chai";
import type { RegisteredResource } from "./pulumi-install";
import type { ProviderServer } from "./provider-server";
import { withoutSecrets } from "./pulumi-install";

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

  /** The registered inputs with secrets unwrapped and the placeholders of deployed resources' ids replaced. */
  resolve(inputs: Props): Props {
    const ids = new Map([...this.resources.values()].map((r) => [`${r.name}-id`, r.id]));
    return JSON.parse(JSON.stringify(withoutSecrets(inputs)), (_key, value: unknown) => (typeof value === "string" && ids.has(value) ? ids.get(value) : value));
  }

  /** Check and Create every resource of the program, in order. */
  async up(program: RegisteredResource[]): Promise<void> {
    for (const r of program) await this.add(r);
  }

  /** Check and Create one resource of the program. */
  async add(r: RegisteredResource): Promise<Deployed> {
    return this.create(r.type.split(":").pop() as string, r.name, r.inputs);
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
   * the old one deleted first when `deleteBeforeReplace`, else after the new one is created.
   */
  async change(name: string, news: Props): Promise<{ diff: { changes: string; replaces: string[]; deleteBeforeReplace: boolean }; deployed: Deployed }> {
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
      if (!diff.deleteBeforeReplace) await this.server.delete(old.id, old.urn, old.props, old.inputs);
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
