import { hasCode } from "@eci/sdk";
import { adoptable } from "./adoption";
import { changesBetween, diffOf, kindsOf, sendsToEngine } from "./diff";
import { EngineProvider, orNullIfMissing } from "./engine-provider";
import { dropUndefined, pick } from "./inputs";
import { READY_RESOURCES, type ReadyResource, type ReadyResourceType } from "./ready-resources";
import { withVersionRetry } from "./version-retry";

type Props = Record<string, unknown>;

/**
 * The hooks of a resource that is ready as soon as the engine answers (`Eip`, `Vpc`, `Vxnet`,
 * `SecurityGroup`, `Disk`): nothing to wait for on create or update. The instance holds only the
 * resource's type, so it serializes into the state as a few bytes; the rest is `READY_RESOURCES`.
 */
export class ReadyResourceProvider extends EngineProvider {
  constructor(readonly type: ReadyResourceType) {
    super();
  }

  async check(olds: Props, news: Props) {
    const result = this.resource().inputs.check(olds, news);
    const checkChange = this.resource().checkChange;
    if (checkChange) result.failures.push(...checkChange(olds, result.inputs));
    return result;
  }

  async diff(id: string, olds: Props, news: Props) {
    const { inputs, changes, deleteBeforeReplace } = this.resource();
    return diffOf(changesBetween(changes, inputs, olds, news, this.changeContext(id)), () => deleteBeforeReplace?.(olds, news) ?? false);
  }

  /** Creates the resource, or adopts `adoptId` and applies the declared spec to it as an update. */
  async create(inputs: Props) {
    if (inputs.adoptId) {
      const { id, olds } = await adoptable(this, this.resource().noun, inputs);
      return { id, ...(await this.update(id, olds, inputs)) };
    }
    const created = await this.api(inputs).create(this.specOf(inputs));
    return { id: created.id, outs: this.outputsOf(inputs, created) };
  }

  /**
   * Fields that replace never reach here: the rest is one `PUT` of the whole spec, on the version last
   * read; a change for the provider alone (the connection's key) sends nothing.
   */
  async update(id: string, olds: Props, news: Props) {
    const { inputs, changes } = this.resource();
    const api = this.api(news);
    const put = (ifMatch: number | undefined) => api.update(id, this.specOf(news), { ifMatch });
    const sends = sendsToEngine(kindsOf(changesBetween(changes, inputs, olds, news, this.changeContext(id))));
    return { outs: this.outputsOf(news, sends ? await withVersionRetry(`${this.type} ${String(news.name)} (${id})`, olds.version, put, () => api.get(id)) : await api.get(id)) };
  }

  /** Refused by the engine (`in_use`, naming the holder) while something refers to it; already gone is fine. */
  async delete(id: string, props: Props) {
    await this.api(props).delete(id).catch((err: unknown) => {
      if (!hasCode(err, "not_found")) throw err;
    });
  }

  /** Refresh: inputs rebuilt from what the engine holds, so a preview shows real drift; deleted outside Pulumi leaves the state. */
  async read(id: string, props: Props) {
    const current = await orNullIfMissing(this.api(props).get(id));
    if (!current) return {};
    const inputs = this.resource().inputs.fromEngine(current, props);
    return { id, props: this.outputsOf(inputs, current), inputs };
  }

  private resource(): ReadyResource {
    return READY_RESOURCES[this.type];
  }

  private api(props: Props) {
    return this.resource().api(this.client(props));
  }

  private specOf(inputs: Props): unknown {
    return this.resource().inputs.split(inputs).spec;
  }

  private outputsOf(inputs: Props, answer: object): Props {
    return dropUndefined({ ...inputs, ...pick(answer, this.resource().inputs.shape.outputKeys) });
  }
}
