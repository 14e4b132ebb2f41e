/**
 * The SQL parser behind `is-sql` and `contains-sql` (node-sql-parser, as in promptfoo).
 * It holds a grammar per dialect, about 2.5 MB in all, so it is loaded on the first SQL
 * check rather than when the extension or the CLI starts; the build keeps it in a file
 * of its own under dist/vendor/ (see scripts/build.mjs).
 */
import type { Parser } from 'node-sql-parser';
import { SkillTrainerError, errorMessage } from '../../errors';
import { closestMatches } from '../../tasks/closest-match';

/** The dialects the parser has a grammar for, as it names them (it ignores case). */
export const SQL_DIALECTS = [
  'athena', 'bigquery', 'db2', 'flinksql', 'hive', 'mariadb', 'mysql', 'noql', 'postgresql', 'redshift', 'snowflake', 'sqlite', 'transactsql', 'trino',
] as const;

/** promptfoo's default dialect. */
export const DEFAULT_SQL_DIALECT = 'MySQL';

/** Names people write for a dialect the parser calls otherwise. */
const dialectAliases: Record<string, string> = {
  postgres: 'postgresql',
  pg: 'postgresql',
  mssql: 'transactsql',
  sqlserver: 'transactsql',
  tsql: 'transactsql',
  'sql server': 'transactsql',
};

/** What is wrong with a dialect name and the fix, or undefined when the parser knows it. */
export function sqlDialectProblem(name: string): string | undefined {
  const lowered = name.trim().toLowerCase();
  if ((SQL_DIALECTS as readonly string[]).includes(lowered)) return undefined;
  const suggestion = dialectAliases[lowered] ?? closestMatches(lowered, SQL_DIALECTS)[0];
  const hint = suggestion === undefined ? '' : `did you mean '${suggestion}'? `;
  return `has the databaseType '${name}', which the SQL parser does not know; ${hint}use one of ${SQL_DIALECTS.join(', ')} (case does not matter)`;
}

/** The SQL parser could not be loaded: a broken install, or a bundle copied without dist/vendor/. */
export class SqlParserLoadError extends SkillTrainerError {
  constructor(cause: unknown) {
    super(
      'sql_parser_unavailable',
      `The SQL parser that 'is-sql' and 'contains-sql' checks use could not be loaded: ${errorMessage(cause)}. Reinstall Skill Trainer; from the repository, run \`npm ci\` and \`npm run build\` (it writes the parser to dist/vendor/, next to the bundles).`,
      { cause },
    );
  }
}

let parser: Promise<Parser> | undefined;

/** The one parser instance, loaded on first use; a failed load is tried again next time. */
export function sqlParser(): Promise<Parser> {
  parser ??= import('node-sql-parser')
    .then((module) => {
      // The package is CommonJS that Node's import() does not read named exports from: they sit on `default`.
      const { Parser: ParserClass } = module.default ?? module;
      return new ParserClass();
    })
    .catch((error: unknown) => {
      parser = undefined;
      throw new SqlParserLoadError(error);
    });
  return parser;
}

/**
 * Why the parser refused the text, short enough for a check's reason: the place and what
 * it found there ("line 2, column 7: unexpected 'i'"), instead of its list of every token
 * it would have accepted.
 */
export function sqlSyntaxProblem(error: unknown): string {
  const { location, found } = error as { location?: { start?: { line?: number; column?: number } }; found?: unknown };
  const line = location?.start?.line;
  const column = location?.start?.column;
  if (line === undefined || column === undefined) return errorMessage(error).split('\n')[0].slice(0, 200);
  const what = typeof found === 'string' ? `unexpected '${found}'` : 'unexpected end of the text';
  return `line ${line}, column ${column}: ${what}`;
}
