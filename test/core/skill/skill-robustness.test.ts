import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyEdits,
  ensureSlowUpdateRegion,
  findProtectedRegions,
  parseSkill,
  readSlowUpdateRegion,
  replaceSlowUpdateRegion,
  serializeSkill,
  validateSkill,
} from '../../../src/core/skill';
import { mutate, randomEdit, randomSkillText, seededRandom } from './skill-text-generator';
import { readSkillFixture, skillFixtureNames } from './skill-fixtures';

/** Random SKILL.md texts plus mutated copies of the realistic fixtures, all seeded. */
function* corpus(count: number): Generator<{ seed: number; text: string }> {
  const fixtures = skillFixtureNames().map(readSkillFixture);
  for (let seed = 1; seed <= count; seed += 1) {
    const random = seededRandom(seed * 7919);
    const text = seed % 3 === 0 ? mutate(random, fixtures[seed % fixtures.length]!) : randomSkillText(random);
    yield { seed, text };
  }
}

function head(text: string): string {
  const document = parseSkill(text);
  const frontmatter = document.frontmatter;
  return document.bom + (frontmatter ? frontmatter.open + frontmatter.source + frontmatter.close : '');
}

const documents = 3000;

test(`parse then serialize is the identity on ${documents} generated and mutated documents`, () => {
  let withFrontmatter = 0;
  let broken = 0;
  for (const { seed, text } of corpus(documents)) {
    const document = parseSkill(text);
    assert.equal(serializeSkill(document), text, `seed ${seed}: ${JSON.stringify(text)}`);
    if (document.frontmatter) withFrontmatter += 1;
    if (document.problems.some((problem) => problem.severity === 'error')) broken += 1;
  }
  // The corpus must exercise both sides, or the identity proves little.
  assert.ok(withFrontmatter > documents / 3, `with frontmatter: ${withFrontmatter}`);
  assert.ok(broken > documents / 10, `broken: ${broken}`);
});

test('validateSkill never throws and every problem points at a real line', () => {
  for (const { seed, text } of corpus(documents)) {
    const problems = validateSkill(text, { folderName: 'generated-skill' });
    const lines = text.split('\n').length;
    for (const problem of problems) {
      assert.ok(problem.severity === 'error' || problem.severity === 'warning', `seed ${seed}`);
      assert.ok(Number.isInteger(problem.line) && problem.line >= 1 && problem.line <= lines, `seed ${seed}: line ${problem.line} of ${lines}: ${problem.message}`);
      assert.ok(problem.message.length > 20, `seed ${seed}`);
      assert.doesNotMatch(problem.message, /could not finish validating/, `seed ${seed}: a rule threw`);
    }
  }
});

test('applyEdits never throws, reports every edit and never changes BOM or frontmatter', () => {
  for (const { seed, text } of corpus(documents)) {
    const random = seededRandom(seed);
    const edits = Array.from({ length: Math.floor(random() * 5) }, () => randomEdit(random, text));
    const result = applyEdits(text, edits);
    assert.equal(result.reports.length, edits.length, `seed ${seed}`);
    result.reports.forEach((report, position) => {
      assert.equal(report.index, position + 1);
      assert.equal(report.op, edits[position]!.op);
    });
    assert.ok(result.text.startsWith(head(text)), `seed ${seed}: frontmatter changed`);
    if (result.reports.every((report) => report.status.startsWith('skipped'))) assert.equal(result.text, text, `seed ${seed}`);
  }
});

test('region helpers never throw and always leave a readable slow-update region', () => {
  for (const { seed, text } of corpus(1000)) {
    const ensured = ensureSlowUpdateRegion(text);
    assert.ok(ensured.startsWith(head(text)), `seed ${seed}: frontmatter changed`);
    assert.notEqual(readSlowUpdateRegion(ensured), undefined, `seed ${seed}`);
    const replaced = replaceSlowUpdateRegion(text, '  Prefer short answers.\nCite the source.  ');
    assert.equal(readSlowUpdateRegion(replaced)?.replace(/\r\n/g, '\n'), 'Prefer short answers.\nCite the source.', `seed ${seed}`);
    assert.ok(replaced.startsWith(head(text)), `seed ${seed}: frontmatter changed`);
    for (const region of findProtectedRegions(replaced)) {
      assert.ok(region.start < region.contentStart && region.contentStart <= region.contentEnd && region.contentEnd < region.end, `seed ${seed}`);
    }
  }
});
