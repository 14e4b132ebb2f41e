/**
 * The simulated drafter: answers a task-drafting request from the skill in its prompt,
 * deterministically. Each bullet of the skill becomes a rule of the simulated world
 * (its opening words are the phrase the simulated target looks for), and each drafted
 * task carries the hints that world needs, so a skill drafted offline can then be
 * evaluated and trained offline. Its tasks are placeholders that exercise the tool,
 * not tasks worth keeping for real models.
 */
import { elements, section } from './prompt-sections';

/** Rules drawn from one skill at most; enough to vary the tasks. */
const MAX_RULES = 6;
/** Words of a bullet that make up its phrase. */
const PHRASE_WORDS = 5;

interface DraftRule {
  id: string;
  phrase: string;
  instruction: string;
  criterion: string;
}

/** The skill body's bullet lines (frontmatter left out), as rules. */
export function rulesFromSkill(skill: string): DraftRule[] {
  // The prompt puts the skill on its own lines: trim before looking for the frontmatter.
  const body = skill.replace(/^\uFEFF/, '').trim().replace(/^---\r?\n[\s\S]*?\r?\n---(\r?\n|$)/, '');
  let lines = body
    .split(/\r?\n/)
    .map((line) => /^\s*(?:[-*+]|\d+[.)])\s+(.*\S)/.exec(line)?.[1])
    .filter((line): line is string => line !== undefined && line.split(/\s+/).length >= 2);
  if (lines.length === 0) {
    // A skill written as prose: its sentences-long lines stand in for bullets.
    lines = body.split(/\r?\n/).filter((line) => !line.startsWith('#') && line.trim().split(/\s+/).length >= 4);
  }
  return lines.slice(0, MAX_RULES).map((line, index) => {
    const instruction = line.trim();
    const phrase = instruction.split(/\s+/).slice(0, PHRASE_WORDS).join(' ');
    return { id: `rule-${index + 1}`, phrase, instruction, criterion: `The answer follows the skill's rule: ${instruction}` };
  });
}

function kindsOf(text: string): Array<'main' | 'edge' | 'near-miss'> {
  const count = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? 0);
  const main = count(/(\d+) main case/);
  const edge = count(/(\d+) edge case/);
  const nearMiss = count(/(\d+) near-miss/);
  return [...Array(main).fill('main'), ...Array(edge).fill('edge'), ...Array(nearMiss).fill('near-miss')];
}

export function simulatedDraftReply(user: string): string {
  const skillElement = elements(user, 'skill')[0];
  const skill = skillElement?.body ?? '';
  const name = skillElement?.attributes.name ?? 'skill';
  const kinds = kindsOf(section(user, 'kinds') ?? '');
  // Numbered after the tasks drafted before, so prompts never repeat across batches.
  const offset = (section(user, 'existing_prompts') ?? '').split('\n').filter((line) => line.startsWith('- ')).length;
  const rules = rulesFromSkill(skill);
  const slot = (rule: DraftRule) => `{{${rule.id}|[${rule.phrase}: done]|[${rule.phrase}: missed]}}`;
  const tasks = kinds.map((kind, index) => {
    const number = offset + index + 1;
    if (kind === 'near-miss' || rules.length === 0) {
      const output = `A plain answer to question ${number}, without the ${name} procedure.`;
      return {
        id: `near-miss-${number}`,
        kind: 'near-miss',
        description: `A question about the ${name} topic that asks for no ${name} work.`,
        prompt: `Question ${number}: what is the ${name} skill's topic about, in general terms? (Do not do any ${name} work.)`,
        expected_output: output,
        rubric: { hard: ['The answer addresses the question itself without applying the skill\'s procedure'], soft: [] },
        assert: [{ type: 'not-contains', value: ': done]' }],
        sim: { output },
      };
    }
    const used = kind === 'edge' ? rules : [rules[index % rules.length]!, rules[(index + 1) % rules.length]!].filter((rule, at, all) => all.indexOf(rule) === at);
    const template = `Answer to ${kind} case ${number}.${used.map((rule) => ` ${slot(rule)}`).join('')}`;
    const expected = `Answer to ${kind} case ${number}.${used.map((rule) => ` [${rule.phrase}: done]`).join('')}`;
    return {
      id: `${kind}-case-${number}`,
      kind,
      description: `${kind === 'edge' ? 'An unusual request' : 'A typical request'} that needs ${used.length} of the skill's rules.`,
      prompt: `${kind === 'edge' ? 'An unusual' : 'A typical'} ${name} request, case ${number}: please handle it.`,
      expected_output: expected,
      rubric: { hard: used.map((rule) => rule.criterion), soft: [{ criterion: 'The answer is easy to follow', weight: 1 }] },
      assert: [{ type: 'contains', value: `[${used[0]!.phrase}: done]` }],
      sim: { output: template },
    };
  });
  const sim = rules.length > 0 ? { rules: rules.map(({ id, phrase, instruction, criterion }) => ({ id, phrase, instruction, criterion })) } : undefined;
  return JSON.stringify({ tasks, ...(sim && { sim }) });
}
