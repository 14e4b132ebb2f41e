/**
 * `Check Transfer`: does a trained skill help other models? On a run (a Checkpoints
 * run row, a Training Queue row) or a skill (its newest finished run): asks for the
 * targets, scores the run's test tasks with no skill, the original and the trained
 * skill on each (the core's transfer check, cached replies reused), and opens the
 * Transfer page of Score Trends with the matrix.
 */
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { defaultResponseCacheDirectory } from '../../cli/response-cache-directory';
import { errorMessage, isSkillTrainerError } from '../../core/errors';
import { checkTransfer, loadSkillTasks, readTransferSubject, type TransferResult, type TransferSubject } from '../../core/library';
import { createCallPolicies, createChatModel, createSimulatedWorld, DiskResponseCache, withCallPolicies, type SimulatedWorld } from '../../core/models';
import type { TransferMatrix } from '../history/library-trends-protocol';
import type { TransferResults } from '../history/transfer-results';
import { uiErrorMessage } from '../message-wording';
import { isSimulatedSpec, modelFactoryOptions } from '../run-models';
import { workspaceRootFor, workspaceRoots } from '../run-store-location';
import { readSettings, type SkillTrainerSettings } from '../settings';
import type { ShellServices } from '../shell-services';
import { isSkillFile, resolveSkillUri, uriOfTreeItem } from '../skill-files';
import { showCommandProblem } from '../skill-preparation';
import { chooseTransferTargets } from './transfer-targets';
import { runEmbeddingModels } from '../../core/scoring/similarity/run-embedding-models';

const TITLE = 'Check Transfer';

export interface CheckTransferOptions {
  /** Model specs to check instead of asking. */
  readonly targets?: string[];
  /** Open the Transfer page at the end (default true). */
  readonly open?: boolean;
}

/** What the argument names: a run (by id, with its store) or a skill. */
async function subjectOf(argument: unknown): Promise<{ workspaceRoot: string; runId?: string; skillDirectory?: string } | undefined> {
  const row = typeof argument === 'object' && argument !== null && !(argument instanceof vscode.Uri) ? (argument as { runId?: unknown; workspaceRoot?: unknown }) : undefined;
  if (typeof row?.runId === 'string') {
    const uri = uriOfTreeItem(argument);
    const root = typeof row.workspaceRoot === 'string' ? row.workspaceRoot : uri ? workspaceRootFor(uri) : workspaceRoots()[0];
    return root ? { workspaceRoot: root, runId: row.runId } : undefined;
  }
  const skill = argument instanceof vscode.Uri && isSkillFile(argument) ? argument : uriOfTreeItem(argument) ?? (await resolveSkillUri(argument, TITLE));
  if (!skill) return undefined;
  const root = workspaceRootFor(skill);
  return root ? { workspaceRoot: root, skillDirectory: dirname(skill.fsPath) } : undefined;
}

export async function checkTransferCommand(services: ShellServices & { transfers: TransferResults }, argument?: unknown, options: CheckTransferOptions = {}): Promise<TransferMatrix | undefined> {
  const where = await subjectOf(argument);
  if (!where) return undefined;
  let subject: TransferSubject;
  let settings: SkillTrainerSettings;
  try {
    settings = readSettings();
    subject = await readTransferSubject(where.workspaceRoot, where);
  } catch (error) {
    showCommandProblem(TITLE, error);
    return undefined;
  }
  const title = `${TITLE}: ${subject.skillName}`;
  const targets = options.targets ?? (await chooseTransferTargets({ settings, catalog: services.catalog, apiKeys: services.apiKeys, runModels: subject.models, title }));
  if (!targets || targets.length === 0) return undefined;
  const judgeSpec = subject.models.judge ?? subject.models.optimizer;
  const specs = [...targets, judgeSpec];
  const policies = createCallPolicies({
    maxConcurrency: settings.concurrency,
    timeoutMs: settings.callTimeoutSeconds * 1000,
    retry: { maxAttempts: settings.maxAttempts },
    cache: settings['cache.enabled'] && !specs.some(isSimulatedSpec) ? new DiskResponseCache(defaultResponseCacheDirectory(process.env)) : false,
    prices: settings.prices,
    budget: { maxCostUsd: settings.maxCostUsd ?? undefined, maxTokens: settings.maxTokens ?? undefined },
  });
  let world: SimulatedWorld | undefined;
  // The simulated world is built from the skill's tasks, as for its training run.
  const simulatedTasks = specs.some(isSimulatedSpec) ? await loadSkillTasks(dirname(subject.skillPath), undefined, { runCode: vscode.workspace.isTrusted, allowDrafts: true }).catch(() => undefined) : undefined;
  let result: TransferResult;
  try {
    const factory = await modelFactoryOptions({ settings, apiKeys: services.apiKeys, catalog: services.catalog, trusted: vscode.workspace.isTrusted }, () => {
      if (!simulatedTasks) throw new Error(`The simulated models need the tasks of ${subject.skillName}, which cannot be read now.`);
      return (world ??= createSimulatedWorld(simulatedTasks, { seed: settings.seed, latencyMs: settings['simulation.latencyMs'] }));
    });
    const make = (spec: string) => withCallPolicies(createChatModel(spec, factory), policies);
    const models = targets.map(make);
    const judge = make(judgeSpec);
    const embeddings = runEmbeddingModels({ spec: subject.models.embedding ?? (settings.embedding || undefined), tasks: subject.tasks, factory, policies });
    services.log.info(`${title}: ${subject.tasks.length} ${subject.split} tasks × 3 conditions on ${targets.join(', ')} (judge ${judgeSpec}), run ${subject.runId}`);
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      const done = new Map<string, number>();
      const total = subject.tasks.length * 3 * targets.length;
      let reported = 0;
      try {
        return await checkTransfer({
          subject,
          targets: models,
          judge,
          embeddings,
          trusted: vscode.workspace.isTrusted,
          concurrency: settings.concurrency,
          signal: abort.signal,
          onProgress: (target, condition, count) => {
            done.set(`${target}|${condition}`, count);
            const sum = [...done.values()].reduce((a, b) => a + b, 0);
            progress.report({ message: `${sum} of ${total} task runs · ${target}, ${condition.replace('_', ' ')}`, increment: total === 0 ? 0 : ((sum - reported) / total) * 100 });
            reported = sum;
          },
        });
      } finally {
        cancel.dispose();
      }
    });
  } catch (error) {
    const message = isSkillTrainerError(error) ? uiErrorMessage(error) : errorMessage(error);
    services.log.error(`${title}: ${message}`);
    void vscode.window.showErrorMessage(`${title}: ${message}`);
    return undefined;
  }
  const cost = policies.totals.costOrUnknown();
  let matrix: TransferMatrix;
  try {
    matrix = await services.transfers.add(where.workspaceRoot, { ...result, skillPath: subject.skillPath, judge: judgeSpec, checkedAt: new Date().toISOString(), costUsd: cost });
  } catch (error) {
    showCommandProblem(TITLE, error);
    return undefined;
  }
  services.log.info(`${title}: done (${cost === null ? 'cost unknown' : `$${cost.toFixed(4)}`}, ${policies.totals.total().cacheHits} replies from the cache).`);
  if (options.open !== false) await vscode.commands.executeCommand('skillTrainer.openScoreTrends', vscode.Uri.file(subject.skillPath), { tab: 'transfer', transferRunId: subject.runId });
  return matrix;
}
