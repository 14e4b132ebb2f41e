import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ensureProtectedRegion,
  ensureSlowUpdateRegion,
  findProtectedRegions,
  readProtectedRegion,
  readSlowUpdateRegion,
  replaceProtectedRegion,
  replaceSlowUpdateRegion,
} from '../../../src/core/skill';
import { readSkillFixture } from './skill-fixtures';

const S = '<!-- SLOW_UPDATE_START -->';
const SE = '<!-- SLOW_UPDATE_END -->';
const A = '<!-- APPENDIX_START -->';
const AE = '<!-- APPENDIX_END -->';

test('findProtectedRegions locates both kinds with offsets into the whole file and file lines', () => {
  const text = readSkillFixture('support-triage');
  const regions = findProtectedRegions(text);
  assert.deepEqual(
    regions.map((region) => [region.kind, region.startLine, region.endLine]),
    [
      // The first start marker is the one quoted in prose on line 31: SkillOpt counts it.
      ['slow_update', 31, 36],
      ['appendix', 38, 40],
    ],
  );
  const appendix = regions[1]!;
  assert.equal(text.slice(appendix.start, appendix.contentStart), A);
  assert.equal(text.slice(appendix.contentEnd, appendix.end), AE);
  assert.equal(text.slice(appendix.contentStart, appendix.contentEnd), '\nAsk one clarifying question only when the product area cannot be inferred.\n');
});

test('regions need both markers in order, and ignore the frontmatter', () => {
  assert.deepEqual(findProtectedRegions(`a\n${S}\nb\n`), []);
  assert.deepEqual(findProtectedRegions(`${SE}\nb\n${S}\n`), []);
  assert.deepEqual(findProtectedRegions(`---\nname: "${S}"\n---\nbody ${SE}\n`), []);
  const [region] = findProtectedRegions(`---\nname: x\n---\n${S}${SE}`);
  assert.deepEqual([region?.start, region?.contentStart, region?.contentEnd, region?.startLine], [16, 42, 42, 4]);
});

test('readSlowUpdateRegion returns the trimmed guidance, or undefined when there is none', () => {
  assert.equal(
    readSlowUpdateRegion(readSkillFixture('support-triage')),
    '`; do not copy them into answers.\n\n' +
      `${S}\n- Tickets that mention "invoice" but describe a login failure belong to auth, not billing.\n- When a customer reports data loss, classify P1 even if they sound calm.`,
  );
  assert.equal(readSlowUpdateRegion(`Body\n\n${S}\n  Be brief.  \n${SE}\n`), 'Be brief.');
  assert.equal(readSlowUpdateRegion(`Body\n\n${S}\n${SE}\n`), '');
  assert.equal(readSlowUpdateRegion('Body\n'), undefined);
  assert.equal(readProtectedRegion(`${A}\nx\n${AE}`, 'appendix'), 'x');
});

test('ensureSlowUpdateRegion adds an empty region at the end of the body, once', () => {
  const text = '---\nname: a\ndescription: d\n---\n# Steps\n\nDo it.\n\n\n';
  const ensured = ensureSlowUpdateRegion(text);
  assert.equal(ensured, `---\nname: a\ndescription: d\n---\n# Steps\n\nDo it.\n\n${S}\n${SE}\n`);
  assert.equal(ensureSlowUpdateRegion(ensured), ensured);
  assert.equal(readSlowUpdateRegion(ensured), '');
});

test('ensureSlowUpdateRegion keeps CRLF, BOM and frontmatter bytes', () => {
  const text = readSkillFixture('windows-release-notes');
  const ensured = ensureSlowUpdateRegion(text);
  assert.ok(ensured.startsWith(text.slice(0, text.indexOf('\r\n\r\n# Windows'))));
  assert.ok(ensured.endsWith(`Do not promise dates.\r\n\r\n${S}\r\n${SE}\r\n`));
  assert.ok(!/[^\r]\n/.test(ensured));
});

test('ensure adds the slow-update region after an existing appendix, as SkillOpt does', () => {
  assert.equal(ensureSlowUpdateRegion(`Body\n\n${A}\nx\n${AE}\n`), `Body\n\n${A}\nx\n${AE}\n\n${S}\n${SE}\n`);
  assert.equal(ensureProtectedRegion(`Body\n`, 'appendix'), `Body\n\n${A}\n${AE}\n`);
});

test('ensure removes stray markers of the kind before adding a clean region', () => {
  assert.equal(ensureSlowUpdateRegion(`Body\n${S}\nmore\n`), `Body\n\nmore\n\n${S}\n${SE}\n`);
  assert.equal(ensureSlowUpdateRegion(`Body\n${SE}\nmore\n${S}\n`), `Body\n\nmore\n\n${S}\n${SE}\n`);
});

test('replaceSlowUpdateRegion rewrites only the inside of the region', () => {
  const text = `# Steps\n\nDo it.\n\n${S}\nold guidance\n${SE}\n\n${A}\nappendix\n${AE}\n`;
  const replaced = replaceSlowUpdateRegion(text, '\n  - Prefer tables.\n- Cite sources.  \n');
  assert.equal(replaced, `# Steps\n\nDo it.\n\n${S}\n- Prefer tables.\n- Cite sources.\n${SE}\n\n${A}\nappendix\n${AE}\n`);
  assert.equal(replaceSlowUpdateRegion(replaced, ''), `# Steps\n\nDo it.\n\n${S}\n${SE}\n\n${A}\nappendix\n${AE}\n`);
});

test('replace adds the region when missing, strips markers from the content and keeps CRLF', () => {
  const text = '---\r\nname: a\r\n---\r\nBody\r\n';
  const replaced = replaceSlowUpdateRegion(text, `Line one\n${AE}Line two`);
  assert.equal(replaced, `---\r\nname: a\r\n---\r\nBody\r\n\r\n${S}\r\nLine one\r\nLine two\r\n${SE}\r\n`);
  assert.equal(replaceProtectedRegion('Body\n', 'appendix', 'Ask first.'), `Body\n\n${A}\nAsk first.\n${AE}\n`);
});

test('replace matches SkillOpt for the usual layout (region at the end)', () => {
  // SkillOpt strips the region, collapses blank lines, right-trims and appends
  // `\n\nSTART\ncontent\nEND\n`; for a region already at the end that is the same text.
  const text = `# Steps\n\nDo it.\n\n${S}\nold\n${SE}\n`;
  assert.equal(replaceSlowUpdateRegion(text, 'new'), `# Steps\n\nDo it.\n\n${S}\nnew\n${SE}\n`);
});
