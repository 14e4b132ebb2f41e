import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, type SkillEdit } from '../../../src/core/skill';

const S = '<!-- SLOW_UPDATE_START -->';
const SE = '<!-- SLOW_UPDATE_END -->';
const A = '<!-- APPENDIX_START -->';
const AE = '<!-- APPENDIX_END -->';

function apply(text: string, ...edits: SkillEdit[]) {
  return applyEdits(text, edits);
}

test('append without protected regions: right-trimmed text, blank line, content, newline', () => {
  const { text, reports } = apply('# Skill\n\nStep one.\n\n\n  ', { op: 'append', content: '  New rule.\n\n' });
  assert.equal(text, '# Skill\n\nStep one.\n\nNew rule.\n');
  assert.deepEqual(reports, [{ index: 1, op: 'append', status: 'applied' }]);
});

test('append goes before the earliest protected start marker of any kind', () => {
  const body = `# Skill\n\nStep.\n\n${A}\nappendix\n${AE}\n\n${S}\nguidance\n${SE}\n`;
  const { text, reports } = apply(body, { op: 'append', content: 'New rule.' });
  assert.equal(text, `# Skill\n\nStep.\n\nNew rule.\n\n${A}\nappendix\n${AE}\n\n${S}\nguidance\n${SE}\n`);
  assert.equal(reports[0]?.status, 'applied');
});

test('append uses a start marker even when its end marker is missing', () => {
  const { text } = apply(`Intro.   \n${S}\ndangling`, { op: 'append', content: 'X' });
  assert.equal(text, `Intro.\n\nX\n\n${S}\ndangling`);
});

test('append ignores its target unless the target lies in a protected region', () => {
  assert.equal(apply('A\n', { op: 'append', target: 'not there', content: 'B' }).text, 'A\n\nB\n');
  const region = `A\n\n${S}\nkeep\n${SE}\n`;
  assert.equal(apply(region, { op: 'append', target: 'keep', content: 'B' }).reports[0]?.status, 'skipped_protected');
});

test('insert_after inserts after the line that holds the first occurrence of target', () => {
  const body = '# Steps\n1. Read the ticket.\n2. Classify.\n1. Read the ticket.\n';
  const { text, reports } = apply(body, { op: 'insert_after', target: 'Read the', content: 'Check the account tier.' });
  assert.equal(text, '# Steps\n1. Read the ticket.\n\nCheck the account tier.\n2. Classify.\n1. Read the ticket.\n');
  assert.deepEqual(reports, [{ index: 1, op: 'insert_after', status: 'applied' }]);
});

test('insert_after with a target ending in a newline inserts after the following line (SkillOpt)', () => {
  const { text } = apply('a\nb\nc\n', { op: 'insert_after', target: 'a\n', content: 'X' });
  assert.equal(text, 'a\nb\n\nX\nc\n');
});

test('insert_after on the last line without a newline inserts at the very end', () => {
  assert.equal(apply('a\nlast line', { op: 'insert_after', target: 'last', content: 'X' }).text, 'a\nlast line\nX\n');
});

test('insert_after falls back to append when the target is empty, absent or not found', () => {
  const body = `Intro.\n\n${S}\n${SE}\n`;
  const expected = `Intro.\n\nX\n\n${S}\n${SE}\n`;
  for (const edit of [
    { op: 'insert_after', content: 'X' },
    { op: 'insert_after', target: '', content: 'X' },
    { op: 'insert_after', target: 'nowhere', content: 'X' },
  ]) {
    const { text, reports } = apply(body, edit);
    assert.equal(text, expected, JSON.stringify(edit));
    assert.deepEqual(reports, [{ index: 1, op: 'insert_after', status: 'applied_fallback_append' }]);
  }
});

test('replace changes the first occurrence only, and keeps surrounding whitespace', () => {
  const { text, reports } = apply('Use  tabs. Use  tabs.\n', { op: 'replace', target: 'Use  tabs.', content: '  Use spaces.  ' });
  assert.equal(text, 'Use spaces. Use  tabs.\n');
  assert.deepEqual(reports, [{ index: 1, op: 'replace', status: 'applied' }]);
});

test('replace with empty content removes the target', () => {
  assert.equal(apply('keep drop keep', { op: 'replace', target: 'drop ', content: '' }).text, 'keep keep');
});

test('delete removes the first occurrence exactly, leaving whitespace around it', () => {
  const { text, reports } = apply('- one\n- two\n- one\n', { op: 'delete', target: '- one\n' });
  assert.equal(text, '- two\n- one\n');
  assert.deepEqual(reports, [{ index: 1, op: 'delete', status: 'applied' }]);
});

test('replace and delete skip an empty, absent or missing target', () => {
  for (const op of ['replace', 'delete']) {
    for (const target of [undefined, '', 'missing']) {
      const { text, reports } = apply('Body.\n', { op, target, content: 'X' });
      assert.equal(text, 'Body.\n');
      assert.deepEqual(reports, [{ index: 1, op, status: 'skipped_target_missing' }], `${op} ${String(target)}`);
    }
  }
});

test('unknown ops are skipped and echoed in the report', () => {
  const { text, reports } = apply('Body.\n', { op: 'rewrite', content: 'X' }, { op: 'Append', content: 'X' }, { op: '', content: 'X' });
  assert.equal(text, 'Body.\n');
  assert.deepEqual(
    reports.map((report) => [report.op, report.status]),
    [
      ['rewrite', 'skipped_unknown_op'],
      ['Append', 'skipped_unknown_op'],
      ['', 'skipped_unknown_op'],
    ],
  );
});

test('a target whose first occurrence starts inside a protected region is skipped, for every op', () => {
  const body = `Intro.\n\n${S}\nAlways cite sources.\n${SE}\n\n${A}\nAsk first.\n${AE}\n`;
  for (const op of ['insert_after', 'replace', 'delete', 'append', 'mystery']) {
    for (const target of ['Always cite', 'Ask first.', S, SE, AE]) {
      const { text, reports } = apply(body, { op, target, content: 'X' });
      assert.equal(text, body);
      assert.equal(reports[0]?.status, 'skipped_protected', `${op} ${target}`);
    }
  }
});

test('only the first occurrence decides protection', () => {
  const body = `Cite sources.\n\n${S}\nCite sources.\n${SE}\n`;
  assert.equal(apply(body, { op: 'replace', target: 'Cite sources.', content: 'Cite two sources.' }).text, `Cite two sources.\n\n${S}\nCite sources.\n${SE}\n`);
  const inside = `${S}\nCite sources.\n${SE}\n\nCite sources.\n`;
  assert.equal(apply(inside, { op: 'replace', target: 'Cite sources.', content: 'X' }).reports[0]?.status, 'skipped_protected');
});

test('a target starting before a region may still reach into it (SkillOpt checks only the start)', () => {
  const body = `Intro.\n${S}\nkeep\n${SE}\n`;
  const { text, reports } = apply(body, { op: 'delete', target: `Intro.\n${S}` });
  assert.equal(reports[0]?.status, 'applied');
  assert.equal(text, `\nkeep\n${SE}\n`);
});

test('a region counts only when both its first start and first end marker are present', () => {
  const noEnd = `Intro.\n${S}\nguidance\n`;
  assert.equal(apply(noEnd, { op: 'replace', target: 'guidance', content: 'X' }).reports[0]?.status, 'applied');
  const inverted = `${SE}\nbetween\n${S}\n`;
  assert.equal(apply(inverted, { op: 'replace', target: 'between', content: 'X' }).reports[0]?.status, 'applied');
});

test('content is trimmed first, then every protected marker is removed from it', () => {
  const content = `\n  ${S} Keep ${SE}calm ${A}${AE}\n`;
  const { text } = apply('Body.\n', { op: 'append', content });
  assert.equal(text, 'Body.\n\n Keep calm \n');
  const { text: nested } = apply('Body.\n', { op: 'append', content: '<!-- SLOW_UPD<!-- APPENDIX_END -->ATE_START -->x' });
  assert.equal(nested, 'Body.\n\nx\n', 'markers formed by removing another marker are removed too');
});

test('content is trimmed with Python whitespace rules, as SkillOpt does', () => {
  const { text } = apply('Body.\n', { op: 'append', content: '\u0085\u001c text \u3000\ufeff' });
  assert.equal(text, 'Body.\n\ntext \u3000\ufeff\n', 'NEL and U+001C are whitespace in Python; the BOM is not');
});

test('edits apply in order, each seeing the previous result, with 1-based indexes', () => {
  const { text, reports } = apply(
    '# Skill\n\nStep one.\n',
    { op: 'replace', target: 'Step one.', content: 'Step 1.' },
    { op: 'insert_after', target: 'Step 1.', content: 'Step 2.' },
    { op: 'delete', target: 'Step one.' },
    { op: 'append', content: 'Done.' },
  );
  assert.equal(text, '# Skill\n\nStep 1.\n\nStep 2.\n\nDone.\n');
  assert.deepEqual(
    reports.map((report) => [report.index, report.status]),
    [
      [1, 'applied'],
      [2, 'applied'],
      [3, 'skipped_target_missing'],
      [4, 'applied'],
    ],
  );
});

test('no edits leave the text unchanged, byte for byte', () => {
  const text = '\uFEFF---\r\nname: a\r\n---\r\nBody  \r\n\r\n';
  assert.deepEqual(applyEdits(text, []), { text, reports: [] });
});

test('malformed edits from a model never throw', () => {
  const edits = [null, 42, 'append', { op: 7 }, { op: 'append', content: 5 }, { op: 'replace', target: ['x'] }] as unknown as SkillEdit[];
  const { text, reports } = applyEdits('Body.\n', edits);
  assert.equal(text, 'Body.\n\n\n');
  assert.deepEqual(
    reports.map((report) => [report.index, report.op, report.status]),
    [
      [1, '', 'skipped_unknown_op'],
      [2, '', 'skipped_unknown_op'],
      [3, '', 'skipped_unknown_op'],
      [4, '', 'skipped_unknown_op'],
      [5, 'append', 'applied'],
      [6, 'replace', 'skipped_target_missing'],
    ],
  );
  assert.deepEqual(applyEdits('x', undefined as unknown as SkillEdit[]), { text: 'x', reports: [] });
});

const keepListsTight = { keepListsTight: true };
const tightList = '# Rules\n\n- Start with a verb.\n- Keep it short.\n- Say why.\n\nMore text.\n';

test('by default insert_after is SkillOpt byte for byte, also in a tight list: a blank line on each side splits the list', () => {
  const edit = { op: 'insert_after', target: 'Keep it short.', content: '- Name the area.\n- Link the issue.' };
  // SkillOpt: text[:i] + "\n" + content + "\n" + text[i:], i just past the target's line break.
  assert.equal(applyEdits(tightList, [edit]).text, '# Rules\n\n- Start with a verb.\n- Keep it short.\n\n- Name the area.\n- Link the issue.\n- Say why.\n\nMore text.\n');
  assert.equal(applyEdits(tightList, [edit], { keepListsTight: false }).text, applyEdits(tightList, [edit]).text);
  assert.equal(applyEdits('1. a\n2. b\n', [{ op: 'insert_after', target: '1. a', content: '2. x' }]).text, '1. a\n\n2. x\n2. b\n');
  assert.equal(applyEdits('- a\r\n- b\r\n', [{ op: 'insert_after', target: '- a', content: '- x' }]).text, '- a\r\n\r\n- x\r\n- b\r\n');
});

test('with keepListsTight, list items inserted after one of a tight list\'s items join it without blank lines', () => {
  const tight = (text: string, edit: SkillEdit) => applyEdits(text, [edit], keepListsTight).text;
  assert.equal(
    tight(tightList, { op: 'insert_after', target: 'Keep it short.', content: '- Name the area.\n- Link the issue.' }),
    '# Rules\n\n- Start with a verb.\n- Keep it short.\n- Name the area.\n- Link the issue.\n- Say why.\n\nMore text.\n',
  );
  // After the last item too (the item above makes the list tight), and numbered lists, and CRLF.
  assert.equal(tight(tightList, { op: 'insert_after', target: 'Say why.', content: '- One more.' }), tightList.replace('- Say why.\n', '- Say why.\n- One more.\n'));
  assert.equal(tight('1. a\n2. b\n', { op: 'insert_after', target: '1. a', content: '2. x' }), '1. a\n2. x\n2. b\n');
  assert.equal(tight('- a\r\n- b\r\n', { op: 'insert_after', target: '- a', content: '- x' }), '- a\r\n- x\r\n- b\r\n');
});

test('with keepListsTight, list items inserted after a heading that a tight list follows join the list at its top; a loose list and SkillOpt\'s way keep the blank lines', () => {
  const rules = '# Rules\n\n- Start with a verb.\n- Keep it short.\n\nMore text.\n';
  const first = { op: 'insert_after', target: '# Rules', content: '- Name the area.' };
  const second = { op: 'insert_after', target: '# Rules', content: '- Link the issue.\n- Say why.' };
  // Two inserts after the heading (as a trained skill got them): one tight list, newest on top.
  assert.equal(applyEdits(rules, [first, second], keepListsTight).text, '# Rules\n\n- Link the issue.\n- Say why.\n- Name the area.\n- Start with a verb.\n- Keep it short.\n\nMore text.\n');
  // SkillOpt's own behaviour without the option: each insert stands apart.
  assert.equal(applyEdits(rules, [first], {}).text, '# Rules\n\n- Name the area.\n\n- Start with a verb.\n- Keep it short.\n\nMore text.\n');
  // A single-item list joins too; CRLF stays CRLF.
  assert.equal(applyEdits('# R\r\n\r\n- a\r\n\r\nText.\r\n', [{ op: 'insert_after', target: '# R', content: '- x' }], keepListsTight).text, '# R\r\n\r\n- x\r\n- a\r\n\r\nText.\r\n');
  // A loose list, a paragraph after the heading, and prose content keep SkillOpt's blank lines.
  const underR = { op: 'insert_after', target: '# R', content: '- Name the area.' };
  assert.equal(applyEdits('# R\n\n- a\n\n- b\n', [underR], keepListsTight).text, '# R\n\n- Name the area.\n\n- a\n\n- b\n');
  assert.equal(applyEdits('# R\n\nProse.\n', [underR], keepListsTight).text, '# R\n\n- Name the area.\n\nProse.\n');
  assert.equal(applyEdits(rules, [{ op: 'insert_after', target: '# Rules', content: 'A paragraph.' }], keepListsTight).text, '# Rules\n\nA paragraph.\n\n- Start with a verb.\n- Keep it short.\n\nMore text.\n');
  // A list item with an indented continuation line is still one item of a tight list.
  assert.equal(applyEdits('# R\n\n- a\n  more\n- b\n', [underR], keepListsTight).text, '# R\n\n- Name the area.\n- a\n  more\n- b\n');
});

test('with keepListsTight, list items appended right after a tight list join it; by default the append is SkillOpt\'s own paragraph', () => {
  const list = '# Rules\n\n- Start with a verb.\n- Keep it short.\n';
  const edit = { op: 'append', target: '', content: '- Name the area.\n- Link the issue.' };
  assert.equal(applyEdits(list, [edit]).text, '# Rules\n\n- Start with a verb.\n- Keep it short.\n\n- Name the area.\n- Link the issue.\n');
  assert.equal(applyEdits(list, [edit], keepListsTight).text, '# Rules\n\n- Start with a verb.\n- Keep it short.\n- Name the area.\n- Link the issue.\n');
  // Before a protected region the list ends at the region's start; trailing blank lines of the list are dropped as SkillOpt does.
  const guarded = '- a\n- b\n\n<!-- SLOW_UPDATE_START -->\nx\n<!-- SLOW_UPDATE_END -->\n';
  assert.equal(applyEdits(guarded, [{ op: 'append', target: '', content: '- c' }], keepListsTight).text, '- a\n- b\n- c\n\n<!-- SLOW_UPDATE_START -->\nx\n<!-- SLOW_UPDATE_END -->\n');
  // An insert_after whose target is missing falls back to the same append; CRLF keeps CRLF.
  assert.equal(applyEdits('- a\r\n- b\r\n', [{ op: 'insert_after', target: 'nowhere', content: '- c' }], keepListsTight).text, '- a\r\n- b\r\n- c\r\n');
  // Prose, a paragraph after a list, and a loose list keep the blank line.
  assert.equal(applyEdits('Para.\n', [{ op: 'append', target: '', content: '- x' }], keepListsTight).text, 'Para.\n\n- x\n');
  assert.equal(applyEdits('- a\n- b\n', [{ op: 'append', target: '', content: 'A paragraph.' }], keepListsTight).text, '- a\n- b\n\nA paragraph.\n');
  assert.equal(applyEdits('- a\n\n- b\n', [{ op: 'append', target: '', content: '- c' }], keepListsTight).text, '- a\n\n- b\n\n- c\n');
});

test('with keepListsTight, prose, loose lists and content that is not list items keep SkillOpt\'s blank lines', () => {
  const tight = (text: string, edit: SkillEdit) => applyEdits(text, [edit], keepListsTight).text;
  assert.equal(tight('- a\n\n- b\n', { op: 'insert_after', target: '- a', content: '- x' }), '- a\n\n- x\n\n- b\n');
  assert.equal(tight('- a\n- b\n', { op: 'insert_after', target: '- a', content: 'A paragraph.' }), '- a\n\nA paragraph.\n- b\n');
  assert.equal(tight('- a\n- b\n', { op: 'insert_after', target: '- a', content: '- x\n\n- y' }), '- a\n\n- x\n\n- y\n- b\n');
  assert.equal(tight('Para.\nNext.\n', { op: 'insert_after', target: 'Para.', content: '- x' }), 'Para.\n\n- x\nNext.\n');
});
