import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CallAbortedError, ProviderCallError } from '../../../src/core/models/model-errors';
import { LanguageModelCatalog } from '../../../src/vscode/language-model-catalog';
import { LANGUAGE_MODEL_JUSTIFICATION, LanguageModelChatModel } from '../../../src/vscode/language-model-chat-model';

// VS Code's language models need Copilot, which a test VS Code does not have; these
// stand-ins implement the real `LanguageModelChat` interface and throw the real
// `vscode.LanguageModelError`s, so the adapter meets what VS Code hands it.

interface Recorded {
  messages: vscode.LanguageModelChatMessage[];
  options: vscode.LanguageModelChatRequestOptions | undefined;
  token: vscode.CancellationToken | undefined;
}

function fakeChat(
  id: string,
  behaviour: { reply?: string[]; toolCalls?: vscode.LanguageModelToolCallPart[]; error?: Error; fragmentDelayMs?: number; recorded?: Recorded[]; log?: string[] } = {},
): vscode.LanguageModelChat {
  return {
    id,
    name: `Fake ${id}`,
    vendor: 'copilot',
    family: `${id}-family`,
    version: '1',
    maxInputTokens: 64_000,
    async sendRequest(messages, options, token) {
      behaviour.recorded?.push({ messages, options, token });
      behaviour.log?.push(`start ${messages.length}`);
      if (behaviour.error) throw behaviour.error;
      const fragments = behaviour.reply ?? ['ok'];
      async function* text() {
        for (const fragment of fragments) {
          if (behaviour.fragmentDelayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.fragmentDelayMs));
          if (token?.isCancellationRequested) throw new vscode.CancellationError();
          yield fragment;
        }
        behaviour.log?.push('end');
      }
      // The stream carries text parts, then the tool calls (as VS Code's models send them).
      async function* stream() {
        for await (const fragment of text()) yield new vscode.LanguageModelTextPart(fragment);
        for (const call of behaviour.toolCalls ?? []) yield call;
      }
      return { text: text(), stream: stream() } as unknown as vscode.LanguageModelChatResponse;
    },
    async countTokens(value) {
      const text = typeof value === 'string' ? value : value.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
      return text.split(/\s+/).filter(Boolean).length;
    },
  };
}

function catalogOf(...models: vscode.LanguageModelChat[]): LanguageModelCatalog {
  return new LanguageModelCatalog(async () => models, new vscode.EventEmitter<void>().event);
}

function textOf(message: vscode.LanguageModelChatMessage): string {
  return message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

describe('the VS Code language-model ChatModel', () => {
  it('sends the system text first as a user message, asks for JSON, streams the reply and counts tokens', async () => {
    const recorded: Recorded[] = [];
    const model = new LanguageModelChatModel({ model: 'gpt-4o', catalog: catalogOf(fakeChat('gpt-4o', { reply: ['{"ver', 'dicts": []}'], recorded })) });
    const response = await model.complete({
      messages: [
        { role: 'system', content: 'You grade outputs.' },
        { role: 'user', content: 'Grade this output please' },
      ],
      jsonSchema: { name: 'judge_verdicts', schema: { type: 'object' } },
    });
    assert.equal(model.spec, 'copilot:gpt-4o');
    assert.equal(response.text, '{"verdicts": []}');
    const [request] = recorded;
    assert.equal(request?.options?.justification, LANGUAGE_MODEL_JUSTIFICATION);
    assert.equal(request?.messages.length, 2);
    assert.equal(request!.messages[0]!.role, vscode.LanguageModelChatMessageRole.User);
    assert.match(textOf(request!.messages[0]!), /^You grade outputs\.\n\nReply with one JSON object only.*\(judge_verdicts\)/s);
    assert.equal(textOf(request!.messages[1]!), 'Grade this output please');
    assert.ok(response.usage.inputTokens > 4, `input tokens ${response.usage.inputTokens}`);
    assert.equal(response.usage.outputTokens, 2);
    assert.equal(response.usage.costUsd, null, 'VS Code does not say what a request costs');
  });

  it("gives the request's tools through the API and returns the model's calls", async () => {
    const recorded: Recorded[] = [];
    const call = new vscode.LanguageModelToolCallPart('call-1', 'forecast', { city: 'Oslo' });
    const model = new LanguageModelChatModel({ model: 'gpt-4o', catalog: catalogOf(fakeChat('gpt-4o', { reply: [], toolCalls: [call], recorded })) });
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const response = await model.complete({
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [{ name: 'forecast', description: 'Forecast', parameters }, { name: 'alerts', parameters: { type: 'object' } }],
      toolChoice: { name: 'forecast' },
    });
    assert.deepEqual(recorded[0]?.options?.tools, [{ name: 'forecast', description: 'Forecast', inputSchema: parameters }]);
    assert.equal(recorded[0]?.options?.toolMode, vscode.LanguageModelChatToolMode.Required);
    assert.equal(response.text, '');
    assert.deepEqual(response.toolCalls, [{ id: 'call-1', name: 'forecast', arguments: '{"city":"Oslo"}' }]);
    assert.equal(response.finishReason, 'tool_calls');

    const textOnly = new LanguageModelChatModel({ model: 'gpt-4o', catalog: catalogOf(fakeChat('gpt-4o', { reply: ['Sunny.'], recorded })) });
    const plain = await textOnly.complete({ messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(recorded[1]?.options?.tools, undefined);
    assert.deepEqual([plain.text, plain.toolCalls, plain.finishReason], ['Sunny.', undefined, undefined]);
  });

  it('finds a model by family when no id matches', async () => {
    const model = new LanguageModelChatModel({ model: 'claude-family', catalog: catalogOf(fakeChat('gpt-4o'), fakeChat('claude', { reply: ['from claude'] })) });
    assert.equal((await model.complete({ messages: [{ role: 'user', content: 'hi' }] })).text, 'from claude');
  });

  it('maps LanguageModelError codes to provider failures that say what to do', async () => {
    const cases: [vscode.LanguageModelError, string, RegExp][] = [
      [vscode.LanguageModelError.NoPermissions('consent denied'), 'auth', /choose "Allow" when VS Code asks/],
      [vscode.LanguageModelError.Blocked('quota'), 'rate_limit', /quota or rate limit/],
      [vscode.LanguageModelError.NotFound('gone'), 'bad_request', /no longer exists/],
    ];
    for (const [error, kind, message] of cases) {
      const model = new LanguageModelChatModel({ model: 'gpt-4o', catalog: catalogOf(fakeChat('gpt-4o', { error })) });
      await assert.rejects(model.complete({ messages: [{ role: 'user', content: 'hi' }] }), (thrown: unknown) => {
        assert.ok(thrown instanceof ProviderCallError, String(thrown));
        assert.equal(thrown.kind, kind);
        assert.equal(thrown.provider, 'copilot');
        assert.match(thrown.message, message);
        return true;
      });
    }
  });

  it('names the available models when the spec matches none', async () => {
    const model = new LanguageModelChatModel({ model: 'gpt-9', catalog: catalogOf(fakeChat('gpt-4o'), fakeChat('o3-mini')) });
    await assert.rejects(model.complete({ messages: [{ role: 'user', content: 'hi' }] }), /offers no language model 'gpt-9'.*Available: copilot:gpt-4o, copilot:o3-mini/s);
  });

  it('cancels the request through its token when the caller aborts', async () => {
    const recorded: Recorded[] = [];
    const model = new LanguageModelChatModel({ model: 'gpt-4o', catalog: catalogOf(fakeChat('gpt-4o', { reply: ['a', 'b', 'c', 'd'], fragmentDelayMs: 50, recorded })) });
    const abort = new AbortController();
    const pending = model.complete({ messages: [{ role: 'user', content: 'hi' }], signal: abort.signal });
    setTimeout(() => abort.abort(), 70);
    await assert.rejects(pending, CallAbortedError);
    assert.equal(recorded[0]?.token?.isCancellationRequested, true);
  });

  it('lets the first request (the one that may ask for consent) finish before others start', async () => {
    const log: string[] = [];
    const model = new LanguageModelChatModel({ model: 'gpt-4o', catalog: catalogOf(fakeChat('gpt-4o', { reply: ['x', 'y'], fragmentDelayMs: 30, log })) });
    await Promise.all([1, 2, 3].map((n) => model.complete({ messages: [{ role: 'user', content: `call ${n}` }] })));
    assert.deepEqual(log.slice(0, 2), ['start 1', 'end']);
    assert.equal(log.filter((entry) => entry === 'end').length, 3);
  });

  it('lists the models again after VS Code says they changed', async () => {
    const changed = new vscode.EventEmitter<void>();
    let offered = [fakeChat('gpt-4o')];
    let listings = 0;
    const catalog = new LanguageModelCatalog(async () => ((listings += 1), offered), changed.event);
    assert.deepEqual((await catalog.models()).map((model) => model.id), ['gpt-4o']);
    await catalog.models();
    assert.equal(listings, 1, 'the list is kept until something changes');
    offered = [fakeChat('gpt-4o'), fakeChat('o3-mini')];
    changed.fire();
    assert.deepEqual((await catalog.models()).map((model) => model.id), ['gpt-4o', 'o3-mini']);
    catalog.dispose();
  });
});
