import type { EngineClient } from "./api/engine-client";
import type { Bill } from "./api/contract";
import { usePolled } from "./use-polled";

const currencies = new WeakMap<EngineClient, Promise<string>>();

/** The engine's currency (prices are in it), asked once per session: it is in the bill's answer. */
export function useCurrency(): string | undefined {
  return usePolled(
    (client) => {
      let currency = currencies.get(client);
      if (!currency) {
        currency = client.get<Bill>("/v1/billing").then((bill) => bill.currency);
        currency.catch(() => currencies.delete(client));
        currencies.set(client, currency);
      }
      return currency;
    },
    0,
    [],
  ).data;
}
