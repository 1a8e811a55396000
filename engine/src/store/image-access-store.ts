/** An image the engine pulled with a registry credential, and the accounts that may start it. */
export interface PrivateImage {
  imageId: string;
  /** The reference it was first pulled by with a credential. */
  reference: string;
  pulledAt: string;
  /** Accounts that pulled it with their own credential, or proved access to it later. */
  accountIds: string[];
}

export interface ImagePull {
  imageId: string;
  reference: string;
  accountId: string;
  withCredential: boolean;
}

/**
 * Which images on the shared Docker daemon are private, and to whom (SPEC §7 "Private images stay
 * private"). An image never pulled with a credential has no record: it is public.
 */
export interface ImageAccessStore {
  get(imageId: string): PrivateImage | undefined;
  /**
   * Records a successful pull by an account. With a credential the image becomes private (if it was not)
   * and the account may start it; without one, an image already private becomes the account's too, as the
   * registry served it to the account; a public image stays without a record.
   */
  recordPull(pull: ImagePull, at: string): void;
}
