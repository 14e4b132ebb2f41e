/**
 * Git plumbing for versioned checkpoints: objects written with hash-object, trees built
 * with mktree, commits with commit-tree, branches moved with update-ref. The user's HEAD,
 * index, working tree and stash are never read for writing or touched, so a dirty tree
 * is fine; hooks are switched off for every command (update-ref would otherwise run a
 * reference-transaction hook), and commits are never signed (no key prompt).
 */
import { spawn } from 'node:child_process';
import { SkillTrainerError } from '../errors';

/** A git command failed; the message names the command and git's own words. */
export class GitCommandError extends SkillTrainerError {
  constructor(args: readonly string[], detail: string) {
    super('git_failed', `git ${args.join(' ')} failed: ${detail.trim() || 'no message'}`);
  }
}

/** Identity used when the repository has no user.name / user.email configured. */
const fallbackIdentity = { name: 'Skill Trainer', email: 'skill-trainer@localhost' };

/**
 * Runs git in `cwd`; resolves stdout, rejects with GitCommandError. Hooks are off and
 * commits unsigned unless `userCommit` (a commit the person asked for on their branch,
 * which their hooks and signing settings govern).
 */
export function runGit(cwd: string, args: readonly string[], options: { input?: string; env?: Record<string, string>; userCommit?: boolean } = {}): Promise<string> {
  const fullArgs = options.userCommit ? [...args] : ['-c', 'core.hooksPath=/dev/null', '-c', 'commit.gpgSign=false', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn('git', fullArgs, { cwd, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...options.env }, stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new GitCommandError(args, error.code === 'ENOENT' ? 'git is not installed or not on the PATH' : error.message)),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(stdout).toString('utf8'));
      else reject(new GitCommandError(args, Buffer.concat(stderr).toString('utf8')));
    });
    if (child.stdin) {
      // A git that exits before reading all its input (an error) closes the pipe: its exit code says what happened.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

interface TreeEntry {
  mode: string;
  type: string;
  hash: string;
  name: string;
}

/** One repository, reached from a folder inside it. */
export class GitRepository {
  private identity?: Record<string, string>;

  private constructor(readonly root: string) {}

  /** The repository holding `folder`, or the reason there is none (not a repository, no git). */
  static async find(folder: string): Promise<GitRepository | { reason: string }> {
    try {
      const root = (await runGit(folder, ['rev-parse', '--show-toplevel'])).trim();
      return new GitRepository(root);
    } catch (error) {
      const detail = (error as Error).message;
      return { reason: /not installed/.test(detail) ? 'git is not installed or not on the PATH' : `${folder} is not inside a git repository` };
    }
  }

  git(args: readonly string[], options: { input?: string; env?: Record<string, string>; userCommit?: boolean } = {}): Promise<string> {
    return runGit(this.root, args, options);
  }

  /** Writes a blob; returns its hash. */
  async writeBlob(text: string): Promise<string> {
    return (await this.git(['hash-object', '-w', '--stdin'], { input: text })).trim();
  }

  /** The commit a ref points at, or undefined when the ref does not exist. */
  async resolveCommit(ref: string): Promise<string | undefined> {
    return this.git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).then(
      (hash) => hash.trim() || undefined,
      () => undefined,
    );
  }

  private async treeEntries(tree: string | undefined): Promise<TreeEntry[]> {
    if (!tree) return [];
    const listing = await this.git(['ls-tree', '-z', tree]);
    return listing
      .split('\0')
      .filter((line) => line.length > 0)
      .map((line) => {
        const [meta, name] = line.split('\t') as [string, string];
        const [mode, type, hash] = meta.split(' ') as [string, string, string];
        return { mode, type, hash, name };
      });
  }

  /** The tree of `tree` (a tree or commit hash, or none) with the file at `path` (`/`-separated) set to `blob`. */
  async treeWithFile(tree: string | undefined, path: readonly string[], blob: string): Promise<string> {
    const [name, ...rest] = path as [string, ...string[]];
    const all = await this.treeEntries(tree);
    const entries = all.filter((entry) => entry.name !== name);
    const existing = all.find((entry) => entry.name === name);
    if (rest.length === 0) entries.push({ mode: '100644', type: 'blob', hash: blob, name });
    else entries.push({ mode: '040000', type: 'tree', hash: await this.treeWithFile(existing?.type === 'tree' ? existing.hash : undefined, rest, blob), name });
    const input = entries.map((entry) => `${entry.mode} ${entry.type} ${entry.hash}\t${entry.name}\0`).join('');
    return (await this.git(['mktree', '-z'], { input })).trim();
  }

  /** The blob hash of `path` in `commit`, or undefined. */
  async blobAt(commit: string, path: string): Promise<string | undefined> {
    return this.git(['rev-parse', '--verify', '--quiet', `${commit}:${path}`]).then(
      (hash) => hash.trim() || undefined,
      () => undefined,
    );
  }

  /** A commit of `tree` on `parents` with `message`; the user's identity, else Skill Trainer's. */
  async commitTree(tree: string, parents: readonly string[], message: string): Promise<string> {
    const args = ['commit-tree', tree, ...parents.flatMap((parent) => ['-p', parent]), '-F', '-'];
    return (await this.git(args, { input: message, env: await this.identityEnvironment() })).trim();
  }

  /** Moves `ref` to `commit`, only if it still points at `expected` (absent: only if it does not exist yet). */
  async updateRef(ref: string, commit: string, expected: string | undefined, reason: string): Promise<void> {
    await this.git(['update-ref', '-m', reason, ref, commit, expected ?? '0'.repeat(commit.length)]);
  }

  /**
   * One commit on the current branch holding exactly `paths` as they are in the working
   * tree (`git commit --only`): other staged changes stay staged. It is the person's own
   * commit, so their hooks run. Returns the commit's hash.
   */
  async commitPaths(paths: readonly string[], message: string): Promise<string> {
    await this.git(['add', '--', ...paths]);
    await this.git(['commit', '--only', '--quiet', '-F', '-', '--', ...paths], { input: message, env: await this.identityEnvironment(), userCommit: true });
    return (await this.git(['rev-parse', 'HEAD'])).trim();
  }

  /** The messages of the commits on `ref` (newest first), at most `limit`. */
  async messages(ref: string, limit = 10_000): Promise<string[]> {
    const log = await this.git(['log', `--max-count=${limit}`, '--format=%B%x1e', ref]).catch(() => '');
    return log.split('\x1e').map((message) => message.trim()).filter((message) => message.length > 0);
  }

  private async identityEnvironment(): Promise<Record<string, string>> {
    if (this.identity) return this.identity;
    const read = (key: string) => this.git(['config', '--get', key]).then((value) => value.trim(), () => '');
    const [name, email] = await Promise.all([read('user.name'), read('user.email')]);
    this.identity =
      name && email
        ? {}
        : {
            GIT_AUTHOR_NAME: name || fallbackIdentity.name,
            GIT_AUTHOR_EMAIL: email || fallbackIdentity.email,
            GIT_COMMITTER_NAME: name || fallbackIdentity.name,
            GIT_COMMITTER_EMAIL: email || fallbackIdentity.email,
          };
    return this.identity;
  }
}
