import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTable, wrapText } from '../../src/cli/text-table';
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

test('a wrapping column keeps every word: one line per reason, each wrapped to the room the table leaves', () => {
  const long = `expected to contain "free trial"; it did not. ${'The output talks about pricing tiers at length instead. '.repeat(20)}`;
  const table = formatTable(
    [{ header: 'Task', maxWidth: 10 }, { header: 'Hard', align: 'right' }, { header: 'Failed checks', wrap: true }],
    [
      ['t1', '0', `contains: ${long}\nmax-words: 412 words, at most 50 allowed`],
      ['t2', '1', ''],
    ],
    { width: 60 },
  );
  const lines = table.split('\n');
  assert.ok(lines.every((line) => line.length <= 59), lines.map((line) => line.length).join(', '));
  assert.equal(lines[1], 't1       0  contains: expected to contain "free trial"; it');
  // Continuation lines sit under their column; the second reason starts a line of its own.
  assert.ok(lines.length > 10 && lines.slice(2).every((line) => line.startsWith(' '.repeat(12)) || line.startsWith('t2')));
  assert.ok(lines.some((line) => line.trim() === 'max-words: 412 words, at most 50 allowed'));
  assert.equal(lines.map((line) => line.slice(12)).join(' ').replace(/\s+/g, ' ').includes(long.trim().replace(/\s+/g, ' ')), true, 'a word was lost');
  assert.equal(lines.at(-1), 't2       1');
});

test('wrapText splits a word longer than the width', () => {
  assert.deepEqual(wrapText('a ' + 'x'.repeat(12) + ' b', 5), ['a', 'xxxxx', 'xxxxx', 'xx b']);
});
