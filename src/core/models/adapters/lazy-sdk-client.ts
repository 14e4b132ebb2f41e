/**
 * Vendor SDKs are large (Anthropic's alone is over a megabyte bundled), and loading
 * them at startup would make activating the extension slow for everyone, including
 * people who never call that vendor. Each adapter therefore loads its SDK on its
 * first call, through `import()`, and builds the client once.
 */
import { SkillTrainerError, errorMessage } from '../../errors';
import type { HttpFailure } from './provider-failure';

/** A vendor SDK's client, with the reader of that SDK's own HTTP error class. */
export interface SdkClient<Client> {
  client: Client;
  readApiError: (error: unknown) => HttpFailure | undefined;
}

/** The SDK could not be loaded: a broken install, or a bundle copied without dist/vendor/. */
export class SdkLoadError extends SkillTrainerError {
  constructor(cause: unknown) {
    super(
      'provider_sdk_unavailable',
      `The model vendor's SDK could not be loaded: ${errorMessage(cause)}. Reinstall Skill Trainer; from the repository, run \`npm run build\` (it writes the SDKs to dist/vendor/, next to the bundles).`,
      { cause },
    );
  }
}

export function lazySdkClient<Client>(create: () => Promise<Client>): () => Promise<Client> {
  let client: Promise<Client> | undefined;
  return () => {
    client ??= create().catch((error: unknown) => {
      // Not cached: the next call tries again.
      client = undefined;
      throw new SdkLoadError(error);
    });
    return client;
  };
}
