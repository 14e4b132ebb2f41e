import { readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';

/**
 * The files a promptfoo glob (`cases/*.yaml`, `tests/**\/*.csv`) names, relative to
 * `baseDir`, sorted. Supports `*`, `?` and `**` (any depth) per path segment, and
 * `{a,b}` alternatives; enough for tests paths. Unreadable folders match nothing.
 */
export async function expandGlob(pattern: string, baseDir: string): Promise<string[]> {
  const segments = pattern.replace(/\\/g, '/').split('/').filter((segment) => segment !== '' && segment !== '.');
  const matches: string[] = [];
  await walk(baseDir, '', segments, matches);
  return [...new Set(matches)].sort();
}

async function walk(dir: string, relativeDir: string, segments: readonly string[], matches: string[]): Promise<void> {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  if (segment === '**') {
    await walk(dir, relativeDir, rest, matches);
    for (const entry of await listFolder(dir)) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) await walk(join(dir, entry.name), posix.join(relativeDir, entry.name), segments, matches);
    }
    return;
  }
  if (!/[*?[\]{}]/.test(segment)) {
    if (rest.length === 0) {
      if ((await listFolder(dir)).some((entry) => entry.name === segment && entry.isFile())) matches.push(posix.join(relativeDir, segment));
    } else {
      await walk(join(dir, segment), posix.join(relativeDir, segment), rest, matches);
    }
    return;
  }
  const matcher = segmentMatcher(segment);
  for (const entry of await listFolder(dir)) {
    if (!matcher.test(entry.name)) continue;
    if (rest.length === 0 && entry.isFile()) matches.push(posix.join(relativeDir, entry.name));
    else if (rest.length > 0 && entry.isDirectory()) await walk(join(dir, entry.name), posix.join(relativeDir, entry.name), rest, matches);
  }
}

async function listFolder(dir: string) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** A regular expression for one path segment: `*` any run of characters, `?` one, `{a,b}` either. */
function segmentMatcher(segment: string): RegExp {
  let source = '';
  let inBraces = false;
  for (const char of segment) {
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      source += '(?:';
      inBraces = true;
    } else if (char === '}' && inBraces) {
      source += ')';
      inBraces = false;
    } else if (char === ',' && inBraces) source += '|';
    else source += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}${inBraces ? ')' : ''}$`);
}
