import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPromptfooSuite } from './task-file-helpers';

// Small suites written from promptfoo's documentation of its text-similarity and markup
// assertions: they load with every check in force, and a bad value is located.

test('a suite with levenshtein, rouge-n, bleu, gleu and the XML and HTML checks loads every check, nothing skipped', async () => {
  const { tasks, errors, warnings } = await loadPromptfooSuite(
    [
      'prompts: ["Translate to English: {{text}}"]',
      'tests:',
      '  - vars: {text: "Bonjour le monde", expected: hello world}',
      '    assert:',
      '      - {type: levenshtein, value: "{{expected}}", threshold: 5}',
      '      - {type: rouge-n, value: hello world}',
      '      - {type: bleu, value: [hello world, hi world], threshold: 0.6}',
      '      - {type: not-gleu, value: goodbye moon}',
      '  - vars: {text: "<racine/>", expected: x}',
      '    assert:',
      '      - type: is-xml',
      '        value: {requiredElements: [root.child, root.sibling]}',
      '      - {type: contains-xml, value: "root.child, root.sibling", weight: 2}',
      '      - {type: not-is-html}',
      '      - {type: contains-html, metric: markup}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings, []);
  assert.deepEqual(tasks[0]?.assert, [
    { type: 'levenshtein', value: 'hello world', threshold: 5 },
    { type: 'rouge-n', value: 'hello world' },
    { type: 'bleu', value: ['hello world', 'hi world'], threshold: 0.6 },
    { type: 'not-gleu', value: 'goodbye moon' },
  ]);
  assert.deepEqual(tasks[1]?.assert, [
    { type: 'is-xml', value: { requiredElements: ['root.child', 'root.sibling'] } },
    { type: 'contains-xml', value: 'root.child, root.sibling', weight: 2 },
    { type: 'not-is-html' },
    { type: 'contains-html', metric: 'markup' },
  ]);
});

test('bad values and thresholds of these checks are errors at the assertion, with the fix', async () => {
  const { located } = await loadPromptfooSuite(
    [
      'prompts: ["{{q}}"]',
      'tests:',
      '  - vars: {q: hi}',
      '    assert:',
      '      - {type: levenshtein, value: hello, threshold: -2}',
      '      - {type: bleu, threshold: 0.5}',
      '      - {type: rouge-n, value: hello, threshold: 75}',
      '      - {type: is-xml, value: {elements: [root]}}',
      '',
    ].join('\n'),
  );
  assert.deepEqual(located.errors, [
    `promptfooconfig.yaml:5 tests[0].assert[0].threshold: 'levenshtein' threshold is the most single-character edits the output may be from "value": a number ≥ 0 (default 5), e.g. "threshold": 3`,
    `promptfooconfig.yaml:6 tests[0].assert[1].value: 'bleu' needs "value" set to the reference text or a non-empty list of reference texts (none blank), e.g. "value": ["The cat sat on the mat.", "A cat was on the mat."]`,
    "promptfooconfig.yaml:7 tests[0].assert[2].threshold: 'rouge-n' threshold must be a number from 0 to 1: the score at or above which the check passes",
    `promptfooconfig.yaml:8 tests[0].assert[3].value: 'is-xml' takes an optional "value": the elements the XML must have as dot paths from the root, e.g. "value": ["analysis.sentiment", "analysis.summary"] or {"requiredElements": ["analysis.sentiment"]}`,
  ]);
});

test('meteor is still skipped, with a message that says why and what is supported instead', async () => {
  const { warnings } = await loadPromptfooSuite('prompts: ["{{q}}"]\ntests:\n  - vars: {q: hi}\n    assert: [{type: meteor, value: hello}, {type: bleu, value: hello}]\n');
  assert.match(warnings.join('\n'), /promptfoo assertion 'meteor' cannot be checked by Skill Trainer: it is not implemented yet: it needs a WordNet synonym dictionary \(bleu, gleu and rouge-n are supported\); it is skipped/);
});

test('CSV shorthand: bleu, gleu, levenshtein and is-xml columns, with thresholds in brackets', async () => {
  const { tasks, errors, warnings } = await loadPromptfooSuite('prompts: ["Say {{word}}"]\ntests: file://tests.csv\n', {
    'evals/tests.csv': ['word,__expected1,__expected2,__expected3,__expected4', 'hello,bleu(0.4): hello there,gleu: hello,levenshtein(3): hello,is-xml: root.child', ''].join('\n'),
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings, []);
  assert.deepEqual(tasks[0]?.assert, [
    { type: 'bleu', value: 'hello there', threshold: 0.4 },
    { type: 'gleu', value: 'hello' },
    { type: 'levenshtein', value: 'hello', threshold: 3 },
    { type: 'is-xml', value: 'root.child' },
  ]);
});
