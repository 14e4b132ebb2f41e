/**
 * The embedding models of one run: the one the person named (`--embedding`, the
 * `embedding` setting) and the ones the suite's `similar` checks name. All are made
 * when the run is configured, so a missing key or a vendor without embeddings fails
 * before any model is called.
 */
import type { EmbeddingModel } from '../../models/embeddings/embedding-model';
import type { AssertionSpec, EvalTask } from '../../tasks/eval-task';
import { judgeCriteriaFor, type JudgeCriterion } from '../judge/judge-criteria';
import { JudgeRequiredError } from '../scoring-errors';

export interface EmbeddingModels {
  /** For `similar` checks that name no model; absent: the judge grades those. */
  readonly default?: EmbeddingModel;
  /** The models the suite's checks name, by spec. */
  readonly named: ReadonlyMap<string, EmbeddingModel>;
}

/** True for `similar` and `not-similar`. */
export function isSimilarCheck(spec: Pick<AssertionSpec, 'type'>): boolean {
  return spec.type === 'similar' || spec.type === 'not-similar';
}

/** The model that decides a check, or undefined when the judge grades it (not a `similar` check, or no model at all). */
export function embeddingModelFor(models: EmbeddingModels | undefined, spec: AssertionSpec): EmbeddingModel | undefined {
  if (!models || !isSimilarCheck(spec)) return undefined;
  return spec.embeddingModel !== undefined ? (models.named.get(spec.embeddingModel) ?? models.default) : models.default;
}

/** The criteria of a task the judge grades: `judgeCriteriaFor`'s, less the `similar` checks an embedding model decides. */
export function criteriaForJudge(task: EvalTask, models: EmbeddingModels | undefined): JudgeCriterion[] {
  return judgeCriteriaFor(task).filter((criterion) => !(criterion.assertion && embeddingModelFor(models, criterion.assertion.spec)));
}

/** The error for a task whose `criteria` (from {@link criteriaForJudge}) have no judge; it names `--embedding` when they are all `similar` checks. */
export function judgeRequired(task: EvalTask, criteria: readonly JudgeCriterion[]): JudgeRequiredError {
  return new JudgeRequiredError(task.id, criteria.length, { onlySimilar: criteria.every((criterion) => criterion.assertion && isSimilarCheck(criterion.assertion.spec)) });
}

/** The embedding models the tasks' `similar` checks name, each once, in file order. */
export function embeddingSpecsNamedBy(tasks: readonly EvalTask[]): string[] {
  const specs = tasks.flatMap((task) => task.assert.filter(isSimilarCheck).flatMap((spec) => (spec.embeddingModel ? [spec.embeddingModel] : [])));
  return [...new Set(specs)];
}

/**
 * The run's embedding models: `defaultSpec` (when named) and every model the tasks name,
 * each made once by `create` (which adds the call policies). Undefined when there are
 * none, or no task has a `similar` check: a model named in settings for other skills then
 * needs no key here.
 */
export function createEmbeddingModels(defaultSpec: string | undefined, tasks: readonly EvalTask[], create: (spec: string) => EmbeddingModel): EmbeddingModels | undefined {
  if (!tasks.some((task) => task.assert.some(isSimilarCheck))) return undefined;
  const named = new Map(embeddingSpecsNamedBy(tasks).map((spec) => [spec, create(spec)]));
  const fallback = defaultSpec === undefined ? undefined : (named.get(defaultSpec) ?? create(defaultSpec));
  return fallback || named.size > 0 ? { default: fallback, named } : undefined;
}

/** The same models, each passed through `wrap` (the run's journal, a memo). */
export function mapEmbeddingModels(models: EmbeddingModels | undefined, wrap: (model: EmbeddingModel) => EmbeddingModel): EmbeddingModels | undefined {
  if (!models) return undefined;
  const wrapped = new Map<EmbeddingModel, EmbeddingModel>();
  const once = (model: EmbeddingModel) => wrapped.get(model) ?? wrapped.set(model, wrap(model)).get(model)!;
  return { default: models.default && once(models.default), named: new Map([...models.named].map(([spec, model]) => [spec, once(model)])) };
}
