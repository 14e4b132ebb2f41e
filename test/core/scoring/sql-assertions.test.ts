import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAssertionSpec } from '../../../src/core/scoring/assertions/assertion-registry';
import { inspectTaskSet } from '../../../src/core/tasks/load-task-set';
import { evalsJson, makeSkillFolder } from '../tasks/task-file-helpers';
import { check } from './assertion-helpers';

// Written from promptfoo's documentation of is-sql and contains-sql (deterministic
// checks; MySQL unless databaseType says otherwise; allow-lists in node-sql-parser's
// `<statement>::<database or table>::<name>` syntax).

test('is-sql: a whole output that parses as MySQL passes, with the dialect in the reason', async () => {
  const passed = await check({ type: 'is-sql' }, "SELECT id, name FROM users WHERE signup_date >= '2026-01-01' ORDER BY name;\n");
  assert.equal(passed.pass, true);
  assert.equal(passed.reason, 'expected to be valid MySQL; it is valid MySQL');
  assert.equal((await check({ type: 'is-sql' }, 'UPDATE orders SET status = "shipped" WHERE id = 7; DELETE FROM carts WHERE id = 7')).pass, true);
});

test('is-sql: prose, a code fence or text after the query fail, saying where the parser stopped', async () => {
  const prose = await check({ type: 'is-sql' }, 'Here is the query you asked for');
  assert.equal(prose.pass, false);
  assert.match(prose.reason, /^expected to be valid MySQL; it is not \(line 1, column \d+: unexpected '.'\)$/);
  assert.equal((await check({ type: 'is-sql' }, '```sql\nSELECT 1\n```')).pass, false);
  const trailing = await check({ type: 'is-sql' }, 'SELECT name FROM users;\nThis lists every user.');
  assert.equal(trailing.pass, false);
  assert.match(trailing.reason, /line 2, column \d+/);
});

test('is-sql: an empty reply is not SQL (the parser alone would accept it as no statements)', async () => {
  const empty = await check({ type: 'is-sql' }, '  \n');
  assert.equal(empty.pass, false);
  assert.equal(empty.reason, 'expected to be valid MySQL; it is empty');
});

test('is-sql: databaseType picks the dialect, in any case', async () => {
  const top = 'SELECT TOP 5 name FROM users';
  assert.equal((await check({ type: 'is-sql' }, top)).pass, false);
  const tsql = await check({ type: 'is-sql', value: { databaseType: 'TransactSQL' } }, top);
  assert.equal(tsql.pass, true);
  assert.equal(tsql.reason, 'expected to be valid TransactSQL; it is valid TransactSQL');
  const series = 'SELECT * FROM generate_series(1, 10)';
  assert.equal((await check({ type: 'is-sql', value: { databaseType: 'PostgresQL' } }, series)).pass, true);
  assert.equal((await check({ type: 'is-sql', value: { databaseType: 'MySQL' } }, series)).pass, false);
  assert.equal((await check({ type: 'is-sql', value: { databaseType: 'sqlite' } }, 'SELECT 1')).pass, true);
});

test('is-sql: allowedTables refuses a statement on a table it does not list', async () => {
  const value = { allowedTables: ['select::null::products', '(select|update)::null::shipments'] };
  assert.equal((await check({ type: 'is-sql', value }, 'SELECT p.name FROM Products p JOIN Shipments s ON s.product_id = p.id')).pass, true);
  const other = await check({ type: 'is-sql', value }, 'SELECT * FROM customers');
  assert.equal(other.pass, false);
  assert.equal(other.reason, "expected to be valid MySQL using only the allowed tables and columns; it is valid MySQL, but it uses 'select::null::customers', which no allowedTables entry matches");
  // The statement kind is part of what is allowed.
  assert.equal((await check({ type: 'is-sql', value }, 'DELETE FROM products WHERE id = 1')).pass, false);
});

test('is-sql: allowedColumns allows a column named with its table also unqualified', async () => {
  const value = { allowedColumns: ['select::users::name', 'select::null::email'] };
  assert.equal((await check({ type: 'is-sql', value }, 'SELECT name, email FROM users')).pass, true);
  assert.equal((await check({ type: 'is-sql', value }, 'SELECT users.name FROM users')).pass, true);
  const password = await check({ type: 'is-sql', value }, 'SELECT name, password FROM users');
  assert.equal(password.pass, false);
  assert.match(password.reason, /it uses 'select::null::password', which no allowedColumns entry matches$/);
  // promptfoo's documented rule: SELECT * needs a `.*` column pattern.
  assert.equal((await check({ type: 'is-sql', value }, 'SELECT * FROM users')).pass, false);
  assert.equal((await check({ type: 'is-sql', value: { allowedColumns: ['select::null::.*'] } }, 'SELECT * FROM users')).pass, true);
});

test('not-is-sql passes on prose and fails on SQL', async () => {
  assert.equal((await check({ type: 'not-is-sql' }, 'I cannot write that query without the schema.')).pass, true);
  const sql = await check({ type: 'not-is-sql' }, 'SELECT 1');
  assert.equal(sql.pass, false);
  assert.equal(sql.reason, 'expected not to be valid MySQL; it is valid MySQL');
});

test('contains-sql: the SQL code block is checked, prose around it is allowed', async () => {
  const fenced = 'Sure, this counts the orders:\n```sql\nSELECT COUNT(*) FROM orders\n```\nRun it on the replica.';
  const passed = await check({ type: 'contains-sql' }, fenced);
  assert.equal(passed.pass, true);
  assert.equal(passed.reason, 'expected to be, or hold in a code block, valid MySQL; its SQL code block is valid MySQL');
  assert.equal((await check({ type: 'contains-sql' }, 'SELECT 1')).pass, true);
  const broken = await check({ type: 'contains-sql' }, 'Here:\n```\nSELEC name FROM users\n```');
  assert.equal(broken.pass, false);
  assert.match(broken.reason, /its SQL code block is not \(line 1/);
  // A Python block first is not the query.
  assert.equal((await check({ type: 'contains-sql' }, '```python\nprint(1)\n```\nand\n```sql\nSELECT 2\n```')).pass, true);
  assert.equal((await check({ type: 'contains-sql' }, 'No query today.')).pass, false);
  assert.equal((await check({ type: 'contains-sql', value: { allowedTables: ['select::null::orders'] } }, '```sql\nSELECT * FROM users\n```')).pass, false);
});

test('is-sql values are checked when the file loads: unknown dialects, keys, lists and patterns', () => {
  const problem = (value: unknown) => checkAssertionSpec({ type: 'is-sql', value }).map((found) => found.message).join('\n');
  assert.equal(problem(undefined), '');
  assert.equal(problem({ databaseType: 'postgresql', allowedTables: ['select::null::users'], allowedColumns: ['.*'] }), '');
  assert.match(problem({ databaseType: 'Postgres' }), /^'is-sql' has the databaseType 'Postgres', which the SQL parser does not know; did you mean 'postgresql'\? use one of athena, .*trino/);
  assert.match(problem({ databaseType: 'Oracle' }), /does not know; use one of/);
  assert.match(problem('MySQL'), /needs "value" left out, or set to a map such as/);
  assert.match(problem({ database: 'MySQL' }), /has "database" in its value, which is not read; use databaseType/);
  assert.match(problem({ allowedTables: 'users' }), /needs "allowedTables" set to a non-empty list/);
  assert.match(problem({ allowedTables: [] }), /non-empty list .*or left out to allow any/);
  assert.match(problem({ allowedColumns: ['select::(users::name'] }), /allowedColumns entry 'select::\(users::name', which is not a valid regular expression/);
  assert.match(checkAssertionSpec({ type: 'contains-sql', value: { databaseType: 'tsql' } })[0].message, /did you mean 'transactsql'/);
});

test('evals.json takes is-sql too, and points at a bad databaseType', async () => {
  const good = makeSkillFolder({ 'evals/evals.json': evalsJson([{ id: 1, prompt: 'Count the users', assert: [{ type: 'is-sql', value: { databaseType: 'sqlite' } }] }]) });
  const { taskSet } = await inspectTaskSet(good);
  assert.deepEqual(taskSet?.tasks[0].assert, [{ type: 'is-sql', value: { databaseType: 'sqlite' } }]);
  const bad = makeSkillFolder({ 'evals/evals.json': evalsJson([{ id: 1, prompt: 'Count the users', assert: [{ type: 'not-is-sql', value: { databaseType: 'oracle' } }] }]) });
  const { problems } = await inspectTaskSet(bad);
  assert.equal(problems[0].path, 'evals[0].assert[0].value');
  assert.match(problems[0].message, /'not-is-sql' has the databaseType 'oracle', which the SQL parser does not know/);
});
