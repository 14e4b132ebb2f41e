import { countLines, lineNumberAt } from './line-endings';
import { protectedMarkers, protectedRegionKinds } from './protected-markers';
import type { SkillDocument } from './skill-document';
import { skillWarning, type SkillProblem } from './skill-problem';

/** The Agent Skills spec's recommended maximum for SKILL.md, in lines. */
export const recommendedMaximumLines = 500;

/** Checks the Markdown body: present, not too long, protected markers well paired. */
export function validateSkillBody(document: SkillDocument): SkillProblem[] {
  const { body, bodyFirstLine } = document;
  const fileLine = (offset: number) => bodyFirstLine - 1 + lineNumberAt(body, offset);
  const problems: SkillProblem[] = [];

  if (document.frontmatter && body.trim() === '') {
    problems.push(skillWarning(bodyFirstLine, 'The skill has no instructions after the frontmatter. Add the Markdown an agent should follow when the skill is used.'));
  }
  const lines = bodyFirstLine - 1 + countLines(body);
  if (lines > recommendedMaximumLines) {
    problems.push(
      skillWarning(bodyFirstLine, `SKILL.md has ${lines} lines; the Agent Skills spec recommends under ${recommendedMaximumLines}. Move detailed reference material into files under references/ and link to them.`),
    );
  }

  for (const kind of protectedRegionKinds) {
    const { start, end } = protectedMarkers[kind];
    const starts = occurrences(body, start);
    const ends = occurrences(body, end);
    const [firstStart, secondStart] = starts;
    const [firstEnd, secondEnd] = ends;
    if (firstStart !== undefined && firstEnd === undefined) {
      problems.push(skillWarning(fileLine(firstStart), `${start} has no matching ${end}, so nothing is protected. Add ${end} after the protected text, or remove the marker.`));
    }
    if (firstEnd !== undefined && firstStart === undefined) {
      problems.push(skillWarning(fileLine(firstEnd), `${end} has no matching ${start} before it. Add ${start} before the protected text, or remove the marker.`));
    }
    if (firstStart !== undefined && firstEnd !== undefined && firstEnd < firstStart) {
      problems.push(skillWarning(fileLine(firstEnd), `${end} comes before ${start}, so nothing is protected. Put the end marker after the start marker.`));
    }
    for (const [marker, first, second] of [[start, firstStart, secondStart], [end, firstEnd, secondEnd]] as const) {
      if (first === undefined || second === undefined) continue;
      problems.push(
        skillWarning(fileLine(second), `${marker} appears again (first on line ${fileLine(first)}). SkillOpt uses only the first start and first end marker of a kind, markers in code included, so this one does not bound the region. Keep one pair; to mention a marker in prose, leave out the comment syntax.`),
      );
    }
  }
  return problems;
}

function occurrences(text: string, marker: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(marker); index !== -1; index = text.indexOf(marker, index + marker.length)) found.push(index);
  return found;
}
