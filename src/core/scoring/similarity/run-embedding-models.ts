import type { ModelFactoryOptions } from '../../models/create-chat-model';
import { createEmbeddingModel } from '../../models/embeddings/create-embedding-model';
import type { CallPolicies } from '../../models/policies/call-policies';
import { withEmbeddingCallPolicies } from '../../models/policies/with-embedding-call-policies';
import type { EvalTask } from '../../tasks/eval-task';
import { createEmbeddingModels, type EmbeddingModels } from './embedding-models';

export interface RunEmbeddingModelsInput {
  /** The embedding model the person named (`--embedding`, the `embedding` setting), if any. */
  spec?: string;
  /** The run's tasks: the models their `similar` checks name are made too. */
  tasks: readonly EvalTask[];
  factory: ModelFactoryOptions;
  policies: CallPolicies;
}

/**
 * The embedding models of a run, with the run's call policies, made now so a missing key
 * or a vendor without embeddings is reported before any call. Undefined when neither the
 * person nor the suite names one (the judge grades `similar` then).
 */
export function runEmbeddingModels(input: RunEmbeddingModelsInput): EmbeddingModels | undefined {
  return createEmbeddingModels(input.spec, input.tasks, (spec) => withEmbeddingCallPolicies(createEmbeddingModel(spec, input.factory), input.policies));
}
