import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable } from '../../src/cli/text-table';
import { ProgressBar } from '../../src/cli/progress-bar';

test('tables pad columns to the widest cell, right-align numbers and cut long free text', () => {
  const table = formatTable(
    [{ header: 'Task' }, { header: 'Hard', align: 'right' }, { header: 'Why', maxWidth: 12 }],
    [
      ['short', '1', ''],
      ['a-longer-id', '0', 'expected to contain "x"\nbut it did not'],
    ],
  );
  assert.equal(table, ['Task         Hard  Why', 'short           1', 'a-longer-id     0  expected to…'].join('\n'));
});

test('on a terminal the progress bar redraws one line; in a log it prints one line per unit', () => {
  let terminal = '';
  const bar = new ProgressBar({ isTTY: true, write: (text) => (terminal += text), columns: 80 }, 4, 8);
  bar.tick('t1 done', '$0.01');
  bar.tick('t2 done', '$0.02');
  bar.log('a warning');
  bar.finish();
  assert.ok(!terminal.includes('t1 done'), 'the per-unit line is for logs only');
  assert.ok(terminal.includes('\r\x1b[2K[####----] 2/4  50%  $0.02'));
  assert.ok(terminal.includes('a warning\n'));
  assert.ok(terminal.endsWith('\r\x1b[2K'), 'finish clears the bar');
  assert.ok(!terminal.includes('\n[#'), 'the bar never scrolls');

  let log = '';
  const plain = new ProgressBar({ isTTY: false, write: (text) => (log += text) }, 2);
  plain.tick('t1 hard 1');
  plain.tick('t2 hard 0');
  plain.finish();
  assert.equal(log, '[1/2] t1 hard 1\n[2/2] t2 hard 0\n');
});
