import { z } from 'zod';
import { checkAssertionSpec } from '../scoring/assertions/assertion-registry';
import type { AssertionSpec } from './eval-task';

/**
 * One `assert` entry, in evals.json and promptfoo suites alike. The type and value are
 * checked against the assertion registry here, at load time, so a typo in a type name
 * or a broken regex is reported before any model is called.
 */
export const assertionSpecSchema = z
  .object(
    {
      type: z.string({ error: 'needs "type", a string such as "contains" or "not-regex"' }).trim().min(1, {
        error: 'needs a non-empty "type", such as "contains" or "not-regex"',
      }),
      value: z.unknown().optional(),
      weight: z.number({ error: 'must be a number ≥ 0 (default 1)' }).optional(),
      threshold: z.number({ error: 'must be a number: from 0 to 1 (a score), or for levenshtein the most edits allowed' }).optional(),
    },
    { error: 'must be an object such as {"type": "contains", "value": "refund"}' },
  )
  .superRefine((spec, context) => {
    for (const problem of checkAssertionSpec(spec as AssertionSpec)) {
      context.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    }
  });
