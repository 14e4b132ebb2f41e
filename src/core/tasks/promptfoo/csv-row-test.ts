import { resolveAssertionType } from '../../scoring/assertions/assertion-registry';

/**
 * One row of a promptfoo CSV tests file as a test: columns are variables, except
 * promptfoo's special columns:
 * - `__expected`, `__expected1`, ... — an assertion in shorthand (see {@link assertionFromShorthand});
 * - `__config:__expected:threshold` (or `__expectedN`) — that assertion's threshold;
 * - `__threshold` — the test's threshold; `__metric` — the assertions' metric name;
 * - `__description`, `__metadata:<key>` (and `__metadata:<key>[]`, a comma-separated list);
 * - `__prefix`, `__suffix` — text around the rendered prompt.
 * `warn(column, message)` hears about columns that are not supported.
 */
export function csvRowTest(cells: Record<string, string>, warn: (column: string, message: string) => void): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = {};
  const assertions: Record<string, unknown>[] = [];
  const configs: { column: string; target: string; key: string; value: string }[] = [];
  const options: Record<string, unknown> = {};
  const test: Record<string, unknown> = {};
  for (const [rawColumn, cell] of Object.entries(cells)) {
    const column = rawColumn.trim();
    if (/^__expected\d*$/.test(column)) {
      if (cell.trim() === '') continue;
      assertions.push(assertionFromShorthand(cell.trim()));
    } else if (column === '__description') {
      if (cell.trim() !== '') test.description = cell;
    } else if (column === '__threshold') {
      if (cell.trim() !== '') test.threshold = Number(cell);
    } else if (column === '__metric') {
      if (cell.trim() !== '') test.metric = cell.trim();
    } else if (column === '__prefix' || column === '__suffix') {
      if (cell !== '') options[column.slice(2)] = cell;
    } else if (column.startsWith('__metadata:')) {
      const key = column.slice('__metadata:'.length);
      if (cell.trim() === '') continue;
      if (key.endsWith('[]')) metadata[key.slice(0, -2)] = cell.split(/(?<!\\),/).map((item) => item.trim().replace(/\\,/g, ','));
      else metadata[key] = cell;
    } else if (column.startsWith('__config:')) {
      const [target, key] = column.slice('__config:'.length).split(':');
      if (cell.trim() !== '') configs.push({ column, target: target ?? '', key: key ?? '', value: cell.trim() });
    } else if (column.startsWith('__')) {
      warn(column, `column "${column}" is not a promptfoo column Skill Trainer reads (it reads __expected, __config:__expectedN:threshold, __threshold, __metric, __description, __metadata:*, __prefix, __suffix); it is ignored`);
    } else if (/^_(expected|prefix|suffix|description|providerOutput|metric|threshold|metadata|config)/.test(column)) {
      warn(column, `column "${column}" starts with one underscore; promptfoo's special columns start with two ("_${column}"), so this one is read as a variable`);
      vars[column] = cell;
    } else {
      vars[column] = cell;
    }
  }
  for (const config of configs) {
    // As promptfoo reads it: __expected is the row's first assertion, __expectedN its Nth.
    const numbered = /^__expected(\d*)$/.exec(config.target);
    const index = numbered ? (numbered[1] === '' ? 0 : Number(numbered[1]) - 1) : -1;
    if (config.key !== 'threshold' || index < 0) {
      warn(config.column, `column "${config.column}" must name an __expected column and "threshold" (e.g. __config:__expected2:threshold); it is ignored`);
      continue;
    }
    if (assertions[index]) assertions[index].threshold = Number(config.value);
  }
  if (typeof test.metric === 'string') for (const assertion of assertions) assertion.metric = test.metric;
  delete test.metric;
  return {
    vars,
    assert: assertions,
    ...test,
    ...(Object.keys(options).length > 0 && { options }),
    ...(Object.keys(metadata).length > 0 && { metadata }),
  };
}

/** Types whose shorthand `type(0.8):value` threshold promptfoo reads; `similar` defaults to 0.8 there. */
const defaultShorthandThreshold: Record<string, number> = { similar: 0.8, 'answer-relevance': 0.75, 'context-faithfulness': 0.75, 'context-recall': 0.75, 'context-relevance': 0.75, levenshtein: 0.75, 'rouge-n': 0.75 };

/**
 * promptfoo's `__expected` shorthand: `contains: refund`, `not-icontains: sorry`,
 * `similar(0.9): text` (a threshold in brackets), `fn:` / `javascript:` / `eval:` code,
 * `python:` code, `grade:` / `llm-rubric:` criteria, `file://check.js` or `file://x.py`;
 * anything else means the output must equal the cell.
 */
export function assertionFromShorthand(cell: string): Record<string, unknown> & { type: string } {
  const code = /^(javascript|fn|eval|python):\s?([\s\S]*)$/.exec(cell);
  if (code) return { type: code[1] === 'python' ? 'python' : 'javascript', value: code[2].trim() };
  if (/^file:\/\/\S+\.(js|cjs|mjs|ts)(:[\w.]+)?$/.test(cell)) return { type: 'javascript', value: cell };
  if (/^file:\/\/\S+\.py(:[\w.]+)?$/.test(cell)) return { type: 'python', value: cell };
  const rubric = /^(grade|llm-rubric):\s?([\s\S]*)$/.exec(cell);
  if (rubric) return { type: 'llm-rubric', value: rubric[2] };
  const match = /^\s*(not-)?([a-z][a-z-]*)(?:\((\d+(?:\.\d+)?)\))?\s*(?::\s?([\s\S]*))?$/.exec(cell);
  if (match) {
    const [, not = '', name, thresholdText, restText] = match;
    const rest = restText ?? '';
    const type = `${not}${name}`;
    if (resolveAssertionType(type) || name in defaultShorthandThreshold) {
      const threshold = thresholdText !== undefined ? Number(thresholdText) : defaultShorthandThreshold[name];
      const withThreshold = threshold !== undefined ? { threshold } : {};
      if (/^i?contains-(any|all)$/.test(name)) return { type, value: rest.split(',').map((item) => item.trim()), ...withThreshold };
      if (/^(max|min)-(length|words)$|^word-count$/.test(name) && /^\s*\d+\s*$/.test(rest)) return { type, value: Number(rest) };
      return rest.trim() === '' ? { type, ...withThreshold } : { type, value: rest.trim(), ...withThreshold };
    }
  }
  return { type: 'equals', value: cell };
}
