/**
 * Vendor SDKs are large (Anthropic's alone is over a megabyte bundled), and loading
 * them at startup would make activating the extension slow for everyone, including
 * people who never call that vendor. Each adapter therefore loads its SDK on its
 * first call, through `import()`, and builds the client once.
 */
import type { HttpFailure } from './provider-failure';

/** A vendor SDK's client, with the reader of that SDK's own HTTP error class. */
export interface SdkClient<Client> {
  client: Client;
  readApiError: (error: unknown) => HttpFailure | undefined;
}

export function lazySdkClient<Client>(create: () => Promise<Client>): () => Promise<Client> {
  let client: Promise<Client> | undefined;
  return () => {
    client ??= create();
    return client;
  };
}
