import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderCallError } from '../../../src/core/models/model-errors';
import { errorFromData, errorToData, RemoteJobError } from '../../../src/core/queue';
import { queueErrorDataSchema } from '../../../src/core/queue/queue-error-data';
import { SkillTrainerError } from '../../../src/core/errors';

test('errors become JSON a queue can store and come back as the same kind of error', () => {
  const provider = new ProviderCallError({ provider: 'anthropic', kind: 'server', status: 529, body: 'overloaded', message: 'anthropic is overloaded (HTTP 529)' });
  const data = queueErrorDataSchema.parse(JSON.parse(JSON.stringify(errorToData(provider))));
  const back = errorFromData(data, 'host-a:12');
  assert.ok(back instanceof ProviderCallError);
  assert.equal(back.code, 'provider_server');
  assert.equal(back.status, 529);
  assert.equal(back.body, 'overloaded');
  assert.equal(back.message, 'anthropic is overloaded (HTTP 529) (on worker host-a:12)');

  const other = errorFromData(errorToData(new SkillTrainerError('agent_cli_missing', 'claude was not found on the PATH')), 'host-b:7');
  assert.ok(other instanceof RemoteJobError);
  assert.equal(other.code, 'agent_cli_missing');
  assert.equal(other.message, 'Queue worker host-b:7: claude was not found on the PATH');

  const bug = errorToData(new TypeError('x is undefined'));
  assert.deepEqual(bug, { code: 'worker_error', message: 'x is undefined' });
});
