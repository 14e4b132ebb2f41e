import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { agentFailureKind, parseJsonDocument, parseJsonLines } from '../../../../src/core/models/adapters/agent-cli/agent-cli-output';
import { agentPromptFromMessages } from '../../../../src/core/models';

describe('parseJsonDocument', () => {
  it('parses a whole document, or the one after log lines', () => {
    assert.deepEqual(parseJsonDocument('{"a": 1}\n'), { a: 1 });
    assert.deepEqual(parseJsonDocument('Loaded cached credentials.\n{\n  "response": "hi"\n}\n'), { response: 'hi' });
    assert.deepEqual(parseJsonDocument('warning: {odd}\n[{"type":"result"}]'), [{ type: 'result' }]);
  });

  it('gives undefined for garbage or nothing', () => {
    assert.equal(parseJsonDocument(''), undefined);
    assert.equal(parseJsonDocument('<html>oops</html>'), undefined);
    assert.equal(parseJsonDocument('{"truncated": '), undefined);
  });
});

describe('parseJsonLines', () => {
  it('keeps the object lines and counts the rest as skipped (blank lines aside)', () => {
    assert.deepEqual(parseJsonLines('{"type":"a"}\nnot json\n{broken\n\n  {"type":"b"}  \n[1]\n'), { events: [{ type: 'a' }, { type: 'b' }], skippedLines: 3 });
  });
});

describe('agentFailureKind', () => {
  it('recognises logins, rate limits and server trouble', () => {
    assert.equal(agentFailureKind('Invalid API key · Please run /login'), 'auth');
    assert.equal(agentFailureKind('FatalAuthenticationError: Please set an Auth method'), 'auth');
    assert.equal(agentFailureKind('specify GEMINI_API_KEY'), 'auth');
    assert.equal(agentFailureKind('unexpected status 401 Unauthorized'), 'auth');
    assert.equal(agentFailureKind('Claude AI usage limit reached|1767225600'), 'rate_limit');
    assert.equal(agentFailureKind('429 Too Many Requests'), 'rate_limit');
    assert.equal(agentFailureKind('API Error: 529 overloaded'), 'rate_limit');
    assert.equal(agentFailureKind('stream error: 503 Service Unavailable'), 'server');
    assert.equal(agentFailureKind('tool crashed'), 'process');
  });
});

describe('agentPromptFromMessages', () => {
  it('passes a lone user message as is', () => {
    assert.equal(agentPromptFromMessages([{ role: 'user', content: 'Do it.' }]), 'Do it.');
  });

  it('puts system text first and labels a conversation', () => {
    assert.equal(
      agentPromptFromMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1' },
        { role: 'user', content: 'Q2' },
      ]),
      'Be brief.\n\nUser: Q1\n\nAssistant: A1\n\nUser: Q2',
    );
  });
});
