import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lastUserMessage, mock, startMockLlmServer } from './index';

const openAiBody = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'm', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content }], ...extra });

async function postOpenAi(url: string, body: string): Promise<{ status: number; json: unknown; headers: Headers }> {
  const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined, headers: response.headers };
}

describe('mock LLM server', () => {
  it('answers from the queue first, then from the responder, recording normalized requests', async () => {
    const server = await startMockLlmServer({ respond: (request) => mock.reply(`auto: ${lastUserMessage(request)}`) });
    try {
      server.enqueue(mock.reply('queued'));
      const first = await postOpenAi(server.url, openAiBody('one'));
      const second = await postOpenAi(server.url, openAiBody('two', { response_format: { type: 'json_object' } }));
      assert.equal((first.json as { choices: { message: { content: string } }[] }).choices[0].message.content, 'queued');
      assert.equal((second.json as { choices: { message: { content: string } }[] }).choices[0].message.content, 'auto: two');
      assert.equal(server.callCount, 2);
      assert.deepEqual(
        server.requests.map((request) => [request.index, request.vendor, request.jsonMode]),
        [
          [0, 'openai', false],
          [1, 'openai', true],
        ],
      );
      assert.deepEqual(server.requests[0].messages, [
        { role: 'system', content: 'sys' },
        { role: 'user', content: 'one' },
      ]);
      server.reset();
      assert.equal(server.callCount, 0);
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  it('waits the fixed latency before every reply', async () => {
    const server = await startMockLlmServer({ latencyMs: 150 });
    try {
      const startedAt = Date.now();
      await postOpenAi(server.url, openAiBody('hi'));
      assert.ok(Date.now() - startedAt >= 140, 'took at least the latency');
      server.setLatency(0);
      const again = Date.now();
      await postOpenAi(server.url, openAiBody('hi'));
      assert.ok(Date.now() - again < 140);
    } finally {
      await server.close();
    }
  });

  it('sends retry headers and closes connections unless keepAlive is set', async () => {
    const server = await startMockLlmServer();
    try {
      server.enqueue(mock.rateLimited({ seconds: 3, ms: 2500 }));
      const limited = await postOpenAi(server.url, openAiBody('hi'));
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '3');
      assert.equal(limited.headers.get('retry-after-ms'), '2500');
      assert.equal(limited.headers.get('connection'), 'close');
      await server.waitForOpenSockets(0);
    } finally {
      await server.close();
    }
    const keepAlive = await startMockLlmServer({ keepAlive: true });
    try {
      await postOpenAi(keepAlive.url, openAiBody('hi'));
      assert.equal(keepAlive.openSockets(), 1, 'the connection stays open for reuse');
    } finally {
      await keepAlive.close();
    }
  });

  it('answers 404 on routes no vendor has, and skips recording when asked', async () => {
    const server = await startMockLlmServer({ recordRequests: false });
    try {
      const response = await fetch(`${server.url}/v2/unknown`, { method: 'POST', body: '{}' });
      assert.equal(response.status, 404);
      await response.text();
      await postOpenAi(server.url, openAiBody('hi'));
      assert.equal(server.requests.length, 0);
      assert.equal(server.callCount, 1);
    } finally {
      await server.close();
    }
  });

  it('parses Anthropic and Gemini requests into the same message shape', async () => {
    const server = await startMockLlmServer();
    try {
      await fetch(`${server.url}/v1/messages`, {
        method: 'POST',
        body: JSON.stringify({ model: 'claude-x', system: [{ type: 'text', text: 'sys' }], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }),
      }).then((response) => response.text());
      await fetch(`${server.url}/v1beta/models/gemini-x:generateContent`, {
        method: 'POST',
        body: JSON.stringify({
          systemInstruction: { parts: [{ text: 'sys' }] },
          contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
          generationConfig: { responseMimeType: 'application/json', responseJsonSchema: { type: 'object' } },
        }),
      }).then((response) => response.text());
      const [anthropic, google] = server.requests;
      assert.equal(anthropic.model, 'claude-x');
      assert.equal(google.model, 'gemini-x');
      for (const request of [anthropic, google]) {
        assert.deepEqual(request.messages, [
          { role: 'system', content: 'sys' },
          { role: 'user', content: 'hi' },
        ]);
      }
      assert.equal(google.jsonMode, true);
      assert.deepEqual(google.jsonSchema, { type: 'object' });
    } finally {
      await server.close();
    }
  });
});
