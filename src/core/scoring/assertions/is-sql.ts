import type { Parser } from 'node-sql-parser';
import { type AssertionOutcome, type LocalAssertionDefinition, binaryOutcome, quote } from './assertion-definition';
import { DEFAULT_SQL_DIALECT, sqlDialectProblem, sqlParser, sqlSyntaxProblem } from './sql-parser';

/**
 * `is-sql` and `contains-sql`, promptfoo's SQL checks. `is-sql`: the whole output
 * (surrounding whitespace ignored) parses as one or more SQL statements of the
 * dialect in `value.databaseType` (MySQL unless given); a code fence or a sentence
 * around the query fails it. `contains-sql`: the first fenced code block tagged `sql`, a
 * dialect or nothing holds such SQL, or else the whole output is SQL. Either may restrict what the
 * statements touch with allow-lists in node-sql-parser's syntax:
 * `allowedTables: ['select::null::users']` (`<statement>::<database>::<table>`) and
 * `allowedColumns: ['(select|update)::users::name']` (`<statement>::<table>::<column>`),
 * each entry a case-insensitive regular expression, `null` for "not named".
 */

interface SqlCheckValue {
  databaseType?: string;
  allowedTables?: string[];
  allowedColumns?: string[];
}

const valueKeys = ['databaseType', 'allowedTables', 'allowedColumns'];
const valueExample = '{"databaseType": "PostgreSQL", "allowedTables": ["select::null::users"], "allowedColumns": ["select::users::name"]}';

function checkSqlValue(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `needs "value" left out, or set to a map such as ${valueExample}`;
  }
  const unknownKey = Object.keys(value).find((key) => !valueKeys.includes(key));
  if (unknownKey !== undefined) return `has "${unknownKey}" in its value, which is not read; use databaseType, allowedTables and allowedColumns (e.g. ${valueExample})`;
  const { databaseType, allowedTables, allowedColumns } = value as Record<string, unknown>;
  if (databaseType !== undefined) {
    if (typeof databaseType !== 'string' || databaseType.trim() === '') return 'needs "databaseType" set to the name of a SQL dialect, e.g. "PostgreSQL"';
    const problem = sqlDialectProblem(databaseType);
    if (problem) return problem;
  }
  for (const [key, list, form] of [
    ['allowedTables', allowedTables, 'select::null::users'],
    ['allowedColumns', allowedColumns, 'select::users::name'],
  ] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0 || !list.every((entry) => typeof entry === 'string' && entry.trim() !== '')) {
      return `needs "${key}" set to a non-empty list of '<statement>::<${key === 'allowedTables' ? 'database' : 'table'}>::<name>' patterns, e.g. ["${form}"] (or left out to allow any)`;
    }
    for (const entry of list as string[]) {
      try {
        new RegExp(`^${entry}$`, 'i');
      } catch (error) {
        return `has the ${key} entry '${entry}', which is not a valid regular expression (${(error as Error).message}); entries are patterns such as "${form}"`;
      }
    }
  }
  return undefined;
}

/**
 * Decides the SQL. The whole outcome is built here so both checks word their reasons
 * alike: "expected to be valid MySQL; it is not (line 1, column 8: unexpected 'w')".
 */
async function sqlOutcome(sql: string, value: SqlCheckValue | undefined, expectation: string, where: string): Promise<AssertionOutcome> {
  const dialect = value?.databaseType?.trim() || DEFAULT_SQL_DIALECT;
  // The parser reads empty text as no statements at all, which is not an answer in SQL.
  if (sql.trim() === '') return binaryOutcome(false, expectation, `${where} empty`);
  const parser = await sqlParser();
  const options = { database: dialect };
  try {
    parser.astify(sql, options);
  } catch (error) {
    return binaryOutcome(false, expectation, `${where} not (${sqlSyntaxProblem(error)})`);
  }
  const refused = allowListProblem(parser, sql, value?.allowedTables, { ...options, type: 'table' }) ?? allowListProblem(parser, sql, columnAllowList(value?.allowedColumns), { ...options, type: 'column' });
  if (refused) return binaryOutcome(false, expectation, `${where} valid ${dialect}, but ${refused}`);
  return binaryOutcome(true, expectation, `${where} valid ${dialect}`);
}

/** What the SQL touches that the allow-list does not allow, or undefined. */
function allowListProblem(parser: Parser, sql: string, allowed: string[] | undefined, options: { database: string; type: 'table' | 'column' }): string | undefined {
  if (allowed === undefined) return undefined;
  try {
    parser.whiteListCheck(sql, allowed, options);
    return undefined;
  } catch (error) {
    const authority = /authority = '([^']*)'/.exec((error as Error).message)?.[1];
    if (authority === undefined) return `its ${options.type}s could not be checked (${(error as Error).message})`;
    return `it uses ${quote(authority)}, which no allowed${options.type === 'table' ? 'Tables' : 'Columns'} entry matches`;
  }
}

/**
 * A column the query does not qualify with its table reads as `select::null::name`, so
 * an entry that names the table (`select::users::name`) also allows it unqualified, as
 * promptfoo does.
 */
function columnAllowList(allowed: string[] | undefined): string[] | undefined {
  if (allowed === undefined) return undefined;
  const widened = new Set(allowed);
  for (const entry of allowed) {
    const parts = entry.split('::');
    if (parts.length === 3 && parts[1] !== 'null') widened.add(`${parts[0]}::null::${parts[2]}`);
  }
  return [...widened];
}

function expectationFor(value: SqlCheckValue | undefined, what: string): string {
  const dialect = value?.databaseType?.trim() || DEFAULT_SQL_DIALECT;
  const limited = value?.allowedTables !== undefined || value?.allowedColumns !== undefined ? ' using only the allowed tables and columns' : '';
  return `${what} ${dialect}${limited}`;
}

/** A SQL check: which text of the output it parses, and how its reason names that text. */
function sqlAssertion(type: string, what: string, sqlIn: (output: string) => { sql: string; where: string }): LocalAssertionDefinition {
  return {
    type,
    valueHelp: 'optional: {databaseType (default MySQL), allowedTables, allowedColumns}',
    checkValue: checkSqlValue,
    evaluate(output, value) {
      const sqlValue = value as SqlCheckValue | undefined;
      const { sql, where } = sqlIn(output);
      return sqlOutcome(sql, sqlValue, expectationFor(sqlValue, what), where);
    },
  };
}

/** Fenced code blocks: the language tag (may be empty) and the code. */
const FENCED_BLOCKS = /```([\w+-]*)[^\S\n]*\n([\s\S]*?)```/g;

/** The first fenced block tagged `sql`, a dialect or nothing (a ```python block is not the query), if any. */
function sqlBlock(output: string): string | undefined {
  for (const [, tag, code] of output.matchAll(FENCED_BLOCKS)) {
    const lowered = tag.toLowerCase();
    if (lowered === '' || lowered === 'sql' || sqlDialectProblem(lowered) === undefined) return code;
  }
  return undefined;
}

export const isSqlAssertion = sqlAssertion('is-sql', 'be valid', (output) => ({ sql: output, where: 'it is' }));

export const containsSqlAssertion = sqlAssertion('contains-sql', 'be, or hold in a code block, valid', (output) => {
  const block = sqlBlock(output);
  return block === undefined ? { sql: output, where: 'it has no SQL code block, and it is' } : { sql: block, where: 'its SQL code block is' };
});
