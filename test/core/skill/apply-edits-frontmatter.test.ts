import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, parseSkill } from '../../../src/core/skill';
import { readSkillFixture } from './skill-fixtures';

const head = '---\nname: triage\ndescription: Triage tickets. Use for support tickets.\n---\n';

test('edits act on the body only; the frontmatter bytes never change', () => {
  const text = `${head}\n# Triage\n\nRead the ticket.\n`;
  const { text: edited, reports } = applyEdits(text, [
    { op: 'append', content: 'Reply in the customer language.' },
    { op: 'insert_after', target: 'Read the', content: 'Check the plan.' },
  ]);
  assert.ok(edited.startsWith(head));
  assert.equal(edited, `${head}\n# Triage\n\nRead the ticket.\n\nCheck the plan.\n\nReply in the customer language.\n`);
  assert.deepEqual(reports.map((report) => report.status), ['applied', 'applied']);
});

test('a target found only in the frontmatter is skipped as protected', () => {
  const text = `${head}Body.\n`;
  for (const op of ['replace', 'delete', 'insert_after', 'append']) {
    for (const target of ['name: triage', 'Triage tickets', '---', `---\nBody`]) {
      const { text: edited, reports } = applyEdits(text, [{ op, target, content: 'X' }]);
      assert.equal(edited, text, `${op} ${target}`);
      assert.equal(reports[0]?.status, 'skipped_protected', `${op} ${JSON.stringify(target)}`);
    }
  }
});

test('a target present in both frontmatter and body acts on the body', () => {
  const text = `${head}Triage tickets quickly.\n`;
  const { text: edited, reports } = applyEdits(text, [{ op: 'replace', target: 'Triage tickets', content: 'Route tickets' }]);
  assert.equal(edited, `${head}Route tickets quickly.\n`);
  assert.equal(reports[0]?.status, 'applied');
});

test('append to a frontmatter-only file applies SkillOpt\'s rule to the empty body', () => {
  const text = readSkillFixture('frontmatter-only');
  const { text: edited } = applyEdits(text, [{ op: 'append', content: '# Steps' }]);
  assert.equal(edited, `${text}\n\n# Steps\n`);
  assert.equal(parseSkill(edited).frontmatter?.source, parseSkill(text).frontmatter?.source);
});

test('a --- line inside a body code fence is ordinary body text', () => {
  const text = readSkillFixture('pdf-form-filling');
  const { text: edited, reports } = applyEdits(text, [{ op: 'replace', target: 'date_of_birth: applicant.dob', content: 'dob: applicant.birth_date' }]);
  assert.equal(reports[0]?.status, 'applied');
  assert.ok(edited.includes('```markdown\n---\nfull_name: applicant.name\ndob: applicant.birth_date\n---\n'));
  assert.equal(parseSkill(edited).frontmatter?.source, parseSkill(text).frontmatter?.source);
});

test('without frontmatter the rules apply to the whole text, BOM kept in front', () => {
  const text = '\uFEFF# Checklist\n\n1. Test.\n';
  const { text: edited, reports } = applyEdits(text, [
    { op: 'insert_after', target: '# Checklist', content: 'Run before tagging.' },
    { op: 'replace', target: '1. Test.', content: '1. Run all tests.' },
  ]);
  assert.equal(edited, '\uFEFF# Checklist\n\nRun before tagging.\n\n1. Run all tests.\n');
  assert.deepEqual(reports.map((report) => report.status), ['applied', 'applied']);
});

test('an unclosed frontmatter is not protected: the file is treated as having none', () => {
  const text = '---\nname: x\nBody.\n';
  assert.equal(applyEdits(text, [{ op: 'replace', target: 'name: x', content: 'name: y' }]).text, '---\nname: y\nBody.\n');
});

test('markers inside the frontmatter do not create protected regions in the body', () => {
  const text = '---\nname: x\ndescription: "<!-- SLOW_UPDATE_START -->"\n---\nBody.\n<!-- SLOW_UPDATE_END -->\n';
  const { text: edited, reports } = applyEdits(text, [{ op: 'replace', target: 'Body.', content: 'New body.' }]);
  assert.equal(reports[0]?.status, 'applied');
  assert.ok(edited.endsWith('New body.\n<!-- SLOW_UPDATE_END -->\n'));
});
