import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, type EditReport } from '../../../src/core/skill';
import { markers, randomBody, randomEdit, seededRandom } from './skill-text-generator';

/*
 * A second, deliberately literal reading of the edit semantics in issue 2 (SkillOpt's),
 * for LF documents without frontmatter, where applyEdits must agree with SkillOpt
 * exactly (by default: keepListsTight is off). Written from the issue text,
 * independently of src/core/skill.
 */
const pythonSpace = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const rstrip = (text: string) => {
  let end = text.length;
  while (end > 0 && pythonSpace.test(text[end - 1]!)) end -= 1;
  return text.slice(0, end);
};
const strip = (text: string) => {
  const right = rstrip(text);
  let start = 0;
  while (start < right.length && pythonSpace.test(right[start]!)) start += 1;
  return right.slice(start);
};
const pairs = [
  [markers[0]!, markers[1]!],
  [markers[2]!, markers[3]!],
] as const;

function referenceApply(skill: string, edit: { op: string; target?: string; content?: string }): [string, EditReport['status']] {
  let content = strip(edit.content ?? '');
  for (const marker of markers) content = content.split(marker).join('');
  const target = edit.target ?? '';
  if (target !== '') {
    const at = skill.indexOf(target);
    const inside = pairs.some(([start, end]) => {
      const s = skill.indexOf(start);
      const e = skill.indexOf(end);
      return at !== -1 && s !== -1 && e !== -1 && s <= at && at < e + end.length;
    });
    if (inside) return [skill, 'skipped_protected'];
  }
  const append = () => {
    const starts = pairs.map(([start]) => skill.indexOf(start)).filter((index) => index !== -1);
    if (starts.length > 0) {
      const first = Math.min(...starts);
      return rstrip(skill.slice(0, first)) + '\n\n' + content + '\n\n' + skill.slice(first);
    }
    return rstrip(skill) + '\n\n' + content + '\n';
  };
  switch (edit.op) {
    case 'append':
      return [append(), 'applied'];
    case 'insert_after': {
      if (target === '' || !skill.includes(target)) return [append(), 'applied_fallback_append'];
      const end = skill.indexOf(target) + target.length;
      const newline = skill.indexOf('\n', end);
      const at = newline === -1 ? skill.length : newline + 1;
      return [skill.slice(0, at) + '\n' + content + '\n' + skill.slice(at), 'applied'];
    }
    case 'replace':
    case 'delete':
      if (target === '' || !skill.includes(target)) return [skill, 'skipped_target_missing'];
      return [skill.replace(target, () => (edit.op === 'replace' ? content : '')), 'applied'];
    default:
      return [skill, 'skipped_unknown_op'];
  }
}

test('applyEdits agrees with a literal reading of SkillOpt on 2,000 random LF documents', () => {
  let applied = 0;
  const statuses = new Set<string>();
  for (let seed = 1; seed <= 2000; seed += 1) {
    const random = seededRandom(seed);
    // No frontmatter (first line is never `---`) and LF only: SkillOpt's own setting.
    const start = randomBody(random, '\n').replace(/\r/g, '');
    const body = start.startsWith('---') ? `Intro\n${start}` : start;
    let expected = body;
    const edits = Array.from({ length: 1 + Math.floor(random() * 4) }, () => randomEdit(random, expected));
    const expectedStatuses: string[] = [];
    for (const edit of edits) {
      const [next, status] = referenceApply(expected, edit);
      expected = next;
      expectedStatuses.push(status);
      statuses.add(status);
    }
    const result = applyEdits(body, edits);
    assert.equal(result.text, expected, `seed ${seed}`);
    assert.deepEqual(result.reports.map((report) => report.status), expectedStatuses, `seed ${seed}`);
    applied += expectedStatuses.filter((status) => status.startsWith('applied')).length;
  }
  assert.deepEqual([...statuses].sort(), ['applied', 'applied_fallback_append', 'skipped_protected', 'skipped_target_missing', 'skipped_unknown_op']);
  assert.ok(applied > 2000, `the generator should mostly produce edits that apply (${applied})`);
});
