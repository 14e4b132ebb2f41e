import { z } from 'zod';
import type { JudgeCriterion } from './judge-criteria';

export const JUDGE_SCHEMA_NAME = 'judge_verdicts';

/** The reply the judge is asked for (sent as the request's JSON Schema). */
export const judgeVerdictsJsonSchema: Record<string, unknown> = {
  type: 'object',
  properties: {
    verdicts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          criterion: { type: 'string' },
          pass: { type: 'boolean' },
          score: { type: 'number', minimum: 0, maximum: 1 },
          evidence: { type: 'string' },
        },
        required: ['criterion', 'pass', 'score', 'evidence'],
        additionalProperties: false,
      },
    },
  },
  required: ['verdicts'],
  additionalProperties: false,
};

/** The judge's verdict on one criterion, matched back to it. */
export interface CriterionVerdict {
  pass: boolean;
  /** 0..1; the judge's, or 1/0 from `pass` when it gave none. */
  score: number;
  evidence: string;
}

const rawVerdict = z.object({
  criterion: z.union([z.string(), z.number()]).transform(String),
  pass: z.boolean(),
  score: z.number().min(0).max(1).optional(),
  evidence: z.string().optional(),
});

/**
 * Validates a judge reply and matches its verdicts to `criteria` (by the leading
 * number, else by text, else by position among the unmatched). The output is one
 * verdict per criterion, in criteria order. A criterion without a verdict is a
 * validation error, so completeStructured asks the judge again.
 */
export function judgeVerdictsSchema(criteria: readonly JudgeCriterion[]) {
  return z.object({ verdicts: z.array(rawVerdict) }).transform((reply, context): CriterionVerdict[] => {
    const matched = matchVerdicts(criteria, reply.verdicts);
    const missing = matched.flatMap((verdict, index) => (verdict ? [] : [index]));
    if (missing.length > 0) {
      context.addIssue({
        code: 'custom',
        path: ['verdicts'],
        message:
          `no verdict for criteri${missing.length === 1 ? 'on' : 'a'} ${missing.map((index) => `${index + 1} ("${criteria[index].text}")`).join(', ')}; ` +
          `give exactly one verdict for each of the ${criteria.length} numbered criteria, its "criterion" starting with the number`,
      });
      return z.NEVER;
    }
    return matched.map((verdict) => {
      const found = verdict as z.output<typeof rawVerdict>;
      return { pass: found.pass, score: found.score ?? (found.pass ? 1 : 0), evidence: found.evidence?.trim() ?? '' };
    });
  });
}

type RawVerdict = z.output<typeof rawVerdict>;

function matchVerdicts(criteria: readonly JudgeCriterion[], verdicts: readonly RawVerdict[]): (RawVerdict | undefined)[] {
  const matched: (RawVerdict | undefined)[] = criteria.map(() => undefined);
  const unmatched: RawVerdict[] = [];
  const normalisedCriteria = criteria.map((criterion) => normalise(criterion.text));

  for (const verdict of verdicts) {
    const index = matchOne(verdict.criterion, normalisedCriteria, matched);
    if (index === undefined) unmatched.push(verdict);
    else matched[index] = verdict;
  }
  // A judge that paraphrased every remaining criterion still answered them in order.
  const open = matched.flatMap((verdict, index) => (verdict ? [] : [index]));
  if (open.length > 0 && open.length === unmatched.length) {
    open.forEach((criterionIndex, position) => (matched[criterionIndex] = unmatched[position]));
  }
  return matched;
}

function matchOne(label: string, criteria: readonly string[], taken: readonly (RawVerdict | undefined)[]): number | undefined {
  const numbered = /^\s*(?:criterion\s*)?#?\s*(\d+)\s*(?:[.):-]|$)\s*(.*)$/is.exec(label);
  if (numbered) {
    const index = Number(numbered[1]) - 1;
    const rest = normalise(numbered[2]);
    const textAgrees = rest === '' || similar(rest, criteria[index] ?? '');
    if (index >= 0 && index < criteria.length && !taken[index] && textAgrees) return index;
  }
  const text = normalise(numbered ? numbered[2] : label);
  if (text === '') return undefined;
  const exact = criteria.findIndex((criterion, index) => !taken[index] && criterion === text);
  if (exact >= 0) return exact;
  const close = criteria.findIndex((criterion, index) => !taken[index] && similar(text, criterion));
  return close >= 0 ? close : undefined;
}

/** Same text up to case, spacing, quotes and end punctuation, or one contains the other. */
function similar(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = a.length <= b.length ? a : b;
  const longer = a.length <= b.length ? b : a;
  return shorter.length >= 12 && longer.includes(shorter);
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/["'`“”‘’*_]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s.;:!]+$/, '')
    .trim();
}
