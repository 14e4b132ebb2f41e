/**
 * The lowdb adapter behind `db.json`. lowdb's own `JSONFile` writes through one fixed
 * temporary file (`.db.json.tmp`), which concurrent writers steal from each other
 * (`ENOENT rename`), and trusts whatever JSON it reads. This adapter keeps lowdb's
 * model (read the document, change it, write it whole) with the store's guarantees:
 * a temporary file of its own per write with fsync and rename (`writeJsonAtomic`), and
 * a read validated through the index schema, telling a missing file from an unusable one.
 */
import { readFile } from 'node:fs/promises';
import { Low, type Adapter } from 'lowdb';
import { writeJsonAtomic } from './atomic-write';
import { firstIssue, indexDataSchema } from './run-index-schema';
import type { IndexData } from './run-records';

/** `db.json` as found on disk: usable, missing, or there but unusable (and why). */
export type IndexFile = { kind: 'usable'; data: IndexData } | { kind: 'missing' } | { kind: 'unusable'; reason: string };

export class IndexFileAdapter implements Adapter<IndexData> {
  /** What the last `read` found; lowdb itself only hears "data" or "nothing". */
  found: IndexFile = { kind: 'missing' };

  constructor(readonly path: string) {}

  async read(): Promise<IndexData | null> {
    this.found = await readIndexFile(this.path);
    return this.found.kind === 'usable' ? this.found.data : null;
  }

  async write(data: IndexData): Promise<void> {
    await writeJsonAtomic(this.path, data);
  }
}

/**
 * A fresh lowdb database over `db.json`, read now. lowdb keeps its previous data when a
 * read finds nothing, so each read-modify-write opens its own (it is cheap) rather than
 * sharing one that could hold another moment's runs.
 */
export async function openIndexDatabase(path: string, empty: () => IndexData): Promise<{ database: Low<IndexData>; found: IndexFile }> {
  const adapter = new IndexFileAdapter(path);
  const database = new Low<IndexData>(adapter, empty());
  await database.read();
  return { database, found: adapter.found };
}

async function readIndexFile(path: string): Promise<IndexFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { kind: 'unusable', reason: (error as Error).message };
  }
  const parsed = indexDataSchema.safeParse(value);
  return parsed.success ? { kind: 'usable', data: parsed.data } : { kind: 'unusable', reason: `not a run index: ${firstIssue(parsed.error)}` };
}
