import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyUsage } from '../../../src/core/models/chat-model';
import type { EmbeddingModel } from '../../../src/core/models/embeddings/embedding-model';
import { memoizeEmbeddings } from '../../../src/core/models/embeddings/memoize-embeddings';
import { readJsonLines } from '../../../src/core/store/jsonl-file';
import { CallJournal, type JournalRecord } from '../../../src/core/training/call-journal';

/** A vendor whose vectors drift a little on every call (as real ones may), counting its calls. */
function driftingModel(): EmbeddingModel & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    spec: 'openai:text-embedding-3-small',
    provider: 'openai',
    model: 'text-embedding-3-small',
    calls,
    embed: async ({ texts }) => {
      calls.push(texts);
      const drift = calls.length * 1e-4;
      return { vectors: texts.map((text) => [text.length + 0.1234567 + drift, 1 / 3, -drift]), usage: { ...emptyUsage(), inputTokens: 7, costUsd: 0.001 } };
    },
  };
}

test('a text embedded in a run is journaled once and replays the same numbers in any unit and after a resume', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'journal-embeddings-')), 'calls.jsonl');
  const inner = driftingModel();
  const replayed: boolean[] = [];
  const journal = await CallJournal.open(path);
  const model = journal.wrapEmbedding(inner, 'judge', (call) => replayed.push(call.replayed));
  journal.beginUnit('step-0001');
  const first = await model.embed({ texts: ['expected text'], label: 'similar' });
  journal.beginUnit('step-0002');
  const again = await model.embed({ texts: ['expected text'], label: 'similar' });
  assert.deepEqual(again.vectors, first.vectors);
  assert.equal(again.cached, true);
  await journal.flush();

  const resumed = await CallJournal.open(path);
  resumed.beginUnit('step-0001');
  const afterResume = await resumed.wrapEmbedding(inner, 'judge', (call) => replayed.push(call.replayed)).embed({ texts: ['expected text'] });
  // The very numbers the first session compared: the vector went through the journal's text both times.
  assert.deepEqual(afterResume.vectors, first.vectors);
  assert.equal(afterResume.usage.costUsd, 0);
  assert.equal(inner.calls.length, 1);
  assert.deepEqual(replayed, [false, true, true]);
  assert.equal(resumed.spend.calls, 1);

  const records = await readJsonLines<JournalRecord>(path);
  assert.deepEqual(records.map((record) => record.type), ['start', 'done']);
  assert.equal(records[1].role, 'judge');
});

test('memoized embeddings embed each distinct text once, also when asked at the same time, and forget failures', async () => {
  const inner = driftingModel();
  let fail = true;
  const flaky: EmbeddingModel = {
    ...inner,
    embed: async (request) => {
      if (request.texts.includes('flaky') && fail) {
        fail = false;
        throw new Error('vendor down');
      }
      return inner.embed(request);
    },
  };
  const model = memoizeEmbeddings(flaky);
  const [left, right] = await Promise.all([model.embed({ texts: ['output', 'expected'] }), model.embed({ texts: ['expected', 'other'] })]);
  assert.deepEqual(left.vectors[1], right.vectors[0]);
  assert.deepEqual(inner.calls.map((texts) => texts.join()).sort(), ['expected', 'other', 'output']);
  const repeat = await model.embed({ texts: ['expected'] });
  assert.equal(repeat.cached, true);
  assert.equal(repeat.usage.costUsd, 0);
  await assert.rejects(model.embed({ texts: ['flaky'] }), /vendor down/);
  assert.ok((await model.embed({ texts: ['flaky'] })).vectors[0]);
});
