import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EmbeddingModel, EmbeddingRequest } from '../../../../src/core/models/embeddings/embedding-model';
import { SimulatedEmbeddingModel } from '../../../../src/core/models/sim/simulated-embedding-model';
import { JudgeRequiredError } from '../../../../src/core/scoring/scoring-errors';
import { scoreTask } from '../../../../src/core/scoring/score-task';
import { createEmbeddingModels, embeddingSpecsNamedBy } from '../../../../src/core/scoring/similarity/embedding-models';
import type { AssertionSpec, EvalTask } from '../../../../src/core/tasks/eval-task';

const task = (...assert: AssertionSpec[]): EvalTask => ({ id: 'refund', prompt: 'How long is the refund window?', rubric: { hard: [], soft: [] }, assert });

/** The simulated embedding model, counting the texts it embeds. */
function countingSim(spec = 'sim:embedding'): EmbeddingModel & { texts: string[] } {
  const inner = new SimulatedEmbeddingModel(spec.slice(4));
  const texts: string[] = [];
  return { spec, provider: 'sim', model: inner.model, texts, embed: (request: EmbeddingRequest) => (texts.push(...request.texts), inner.embed(request)) };
}

const withModel = (model: EmbeddingModel) => ({ trusted: true, embeddings: { default: model, named: new Map() } });

describe('similar with an embedding model', () => {
  it('passes an output that says the same thing, without a judge, naming the similarity and the model', async () => {
    const score = await scoreTask(task({ type: 'similar', value: 'The refund window is 30 days' }), 'the refund window is 30 days', withModel(countingSim()));
    const [check] = score.checks;
    assert.equal(check.pass, true);
    assert.equal(check.score, 1);
    assert.match(check.reason, /cosine similarity 1\b/);
    assert.match(check.reason, /threshold 0\.75/);
    assert.match(check.reason, /embeddings by sim:embedding/);
    assert.equal(score.hard, 1);
  });

  it('fails an output about something else', async () => {
    const score = await scoreTask(task({ type: 'similar', value: 'The refund window is 30 days' }), 'We ship to every country in Europe.', withModel(countingSim()));
    assert.equal(score.checks[0].pass, false);
    assert.ok(score.checks[0].score < 0.75);
    assert.equal(score.hard, 0);
  });

  it('with a list, takes the closest text and names it', async () => {
    const value = ['We ship worldwide', 'Refunds are accepted for 30 days'];
    const score = await scoreTask(task({ type: 'similar', value }), 'refunds are accepted for 30 days', withModel(countingSim()));
    assert.equal(score.checks[0].pass, true);
    assert.match(score.checks[0].reason, /closest: 'Refunds are accepted for 30 days'/);
  });

  it('not-similar passes only when the output is unlike every text, scoring 1 − similarity', async () => {
    const unlike = await scoreTask(task({ type: 'not-similar', value: ['The refund window is 30 days', 'Refunds take a month'] }), 'We ship worldwide.', withModel(countingSim()));
    assert.equal(unlike.checks[0].pass, true);
    assert.match(unlike.checks[0].reason, /^expected not to/);
    const like = await scoreTask(task({ type: 'not-similar', value: ['We ship worldwide', 'The refund window is 30 days'] }), 'the refund window is 30 days', withModel(countingSim()));
    assert.equal(like.checks[0].pass, false);
    assert.equal(like.checks[0].score, 0);
  });

  it('an empty output is like no text: similar fails, not-similar passes, and nothing is sent to embed', async () => {
    const model = countingSim();
    const similar = await scoreTask(task({ type: 'similar', value: 'The refund window is 30 days' }), '  ', withModel(model));
    const notSimilar = await scoreTask(task({ type: 'not-similar', value: 'The refund window is 30 days' }), '', withModel(model));
    assert.equal(similar.checks[0].pass, false);
    assert.match(similar.checks[0].reason, /cosine similarity 0,/);
    assert.equal(notSimilar.checks[0].pass, true);
    assert.deepEqual(model.texts, []);
  });

  it("applies the check's threshold instead of 0.75", async () => {
    const spec = (threshold?: number): AssertionSpec => ({ type: 'similar', value: 'refund window thirty days', ...(threshold !== undefined && { threshold }) });
    const output = 'refund window thirty';
    const lenient = await scoreTask(task(spec(0.5)), output, withModel(countingSim()));
    const strict = await scoreTask(task(spec(0.95)), output, withModel(countingSim()));
    assert.equal(lenient.checks[0].pass, true);
    assert.equal(strict.checks[0].pass, false);
    assert.match(strict.checks[0].reason, /threshold 0\.95/);
  });

  it('uses the model the check names over the run default', async () => {
    const named = countingSim('sim:named');
    const fallback = countingSim('sim:default');
    const spec: AssertionSpec = { type: 'similar', value: 'refunds', embeddingModel: 'sim:named' };
    const score = await scoreTask(task(spec), 'refunds', { trusted: true, embeddings: { default: fallback, named: new Map([['sim:named', named]]) } });
    assert.match(score.checks[0].reason, /sim:named/);
    assert.equal(fallback.texts.length, 0);
  });

  it('still asks for the judge when no embedding model is configured (and the judge grades the check)', async () => {
    await assert.rejects(scoreTask(task({ type: 'similar', value: 'refunds' }), 'refunds', { trusted: true }), (error: unknown) => {
      assert.ok(error instanceof JudgeRequiredError);
      // Only similar checks to decide: an embedding model would do, and the message says so.
      assert.match(error.message, /1 `similar` check to decide but neither an embedding model nor a judge is set: name an embedding model \(--embedding\)/);
      return true;
    });
    await assert.rejects(scoreTask(task({ type: 'similar', value: 'refunds' }, { type: 'llm-rubric', value: 'Is polite' }), 'refunds', { trusted: true }), /2 rubric criteria to grade but no judge model is set/);
  });
});

describe('the run embedding models', () => {
  it('are made once per spec: the default and every model the tasks name', () => {
    const tasks = [task({ type: 'similar', value: 'a', embeddingModel: 'sim:one' }), task({ type: 'not-similar', value: 'b', embeddingModel: 'sim:one' }, { type: 'similar', value: 'c', embeddingModel: 'sim:two' })];
    assert.deepEqual(embeddingSpecsNamedBy(tasks), ['sim:one', 'sim:two']);
    const made: string[] = [];
    const models = createEmbeddingModels('sim:one', tasks, (spec) => (made.push(spec), new SimulatedEmbeddingModel(spec.slice(4))));
    assert.deepEqual(made, ['sim:one', 'sim:two']);
    assert.equal(models?.default?.spec, 'sim:one');
    assert.equal(createEmbeddingModels(undefined, [task({ type: 'similar', value: 'a' })], () => assert.fail('nothing to make')), undefined);
    // Tasks without a similar check need no embedding model, so a setting naming one asks for no key.
    assert.equal(createEmbeddingModels('openai:text-embedding-3-small', [task({ type: 'contains', value: 'a' })], () => assert.fail('nothing to make')), undefined);
  });
});
