import * as pulumi from "@pulumi/pulumi";

/** A resource with a price: every ECI resource but `RegistryCredential`, which is never billed. */
export interface Priced {
  readonly hourlyPrice: pulumi.Output<number>;
}

/**
 * What these resources cost per hour together, in the engine's currency, rounded to 6 decimal places as
 * the engine's bill is: `export const hourlyCost = eci.hourlyCost(web, data)`. Each price is as of the
 * resource's last create, update or refresh, so `pulumi refresh` brings the sum up to date.
 */
export function hourlyCost(...resources: Priced[]): pulumi.Output<number> {
  return pulumi.all(resources.map((r) => r.hourlyPrice)).apply((prices) => Math.round(prices.reduce((sum, price) => sum + (price ?? 0), 0) * 1e6) / 1e6);
}
