import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rulesFromSkill, simulatedDraftReply } from '../../../../src/core/models/sim/simulated-drafter';
import { draftReplySchema } from '../../../../src/core/tasks/draft/draft-reply-schema';

const prose = '\n---\nname: release-notes\ndescription: Drafts release notes from merged pull request titles.\n---\n# Release notes\n\nGroup entries under Features, Fixes and Other; one line per pull request.\n';

test('the simulated drafter takes its rules from the skill body, never from the frontmatter (also when the prompt puts the skill after a line break)', () => {
  assert.deepEqual(
    rulesFromSkill(prose).map((rule) => rule.instruction),
    ['Group entries under Features, Fixes and Other; one line per pull request.'],
  );
  assert.equal(rulesFromSkill(prose)[0]!.phrase, 'Group entries under Features, Fixes');
});

test('the simulated drafter answers a drafting prompt with valid drafts of the kinds asked, numbered after the existing ones', () => {
  const user = `<skill name="release-notes">${prose}</skill>\n<existing_prompts>\n- one\n- two\n</existing_prompts>\n<kinds>2 main cases, 1 edge case and 1 near-miss where the skill should not apply</kinds>`;
  const reply = draftReplySchema.parse(JSON.parse(simulatedDraftReply(user)));
  assert.deepEqual(reply.tasks.map((task) => [task.id, task.kind]), [['main-case-3', 'main'], ['main-case-4', 'main'], ['edge-case-5', 'edge'], ['near-miss-6', 'near-miss']]);
});
