import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { processOutput } from '../../src/cli/cli-io';

/** A stream whose reader is gone: every write fails with EPIPE, as `| head` does. */
function brokenPipe() {
  const written: string[] = [];
  const target = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString());
      callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    },
  });
  return { target, written };
}

test('a closed pipe ends the output quietly: no unhandled error, later writes are dropped', async () => {
  const { target, written } = brokenPipe();
  const output = processOutput(target);
  output.write('first line\n');
  await new Promise((resolve) => setImmediate(resolve));
  output.write('second line\n');
  output.write('third line\n');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(written, ['first line\n']);
});

test('a live stream gets every write, and reports its terminal traits', () => {
  const written: string[] = [];
  const target = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written.push(chunk.toString());
        callback();
      },
    }),
    { isTTY: true, columns: 120 },
  );
  const output = processOutput(target);
  output.write('a');
  output.write('b');
  assert.deepEqual(written, ['a', 'b']);
  assert.equal(output.isTTY, true);
  assert.equal(output.columns, 120);
});

test('the real process streams survive a reader that closes early', () => {
  // A child writes many lines through processOutput into a pipe that `head -c1` closes.
  const script = `
    const { processOutput } = require(${JSON.stringify(require.resolve('../../src/cli/cli-io'))});
    const out = processOutput(process.stdout);
    let i = 0;
    const tick = () => { for (let n = 0; n < 200; n += 1) out.write('line ' + i++ + '\\n'); if (i < 20000) setImmediate(tick); else process.exitCode = 7; };
    tick();
  `;
  const run = spawnSync('bash', ['-c', `node --import tsx -e ${shellQuote(script)} | head -c1 >/dev/null; echo "status=\${PIPESTATUS[0]}"`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.doesNotMatch(run.stderr, /EPIPE|Unhandled 'error' event/, run.stderr);
  assert.match(run.stdout, /status=7/, `${run.stdout}\n${run.stderr}`);
});

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
