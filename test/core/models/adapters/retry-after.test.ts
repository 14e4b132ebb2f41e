import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureKindForStatus, retryAfterMsFromGoogleRpcBody, retryAfterMsFromHeaders } from '../../../../src/core/models';

describe('retryAfterMsFromHeaders', () => {
  const now = Date.parse('2026-11-01T12:00:00Z');

  it('reads seconds, fractional seconds and HTTP dates', () => {
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after': '3' }), now), 3000);
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after': '0.5' }), now), 500);
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after': 'Sun, 01 Nov 2026 12:00:07 GMT' }), now), 7000);
  });

  it('treats a date in the past as no wait', () => {
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after': 'Sun, 01 Nov 2026 11:59:00 GMT' }), now), 0);
  });

  it('prefers retry-after-ms', () => {
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after': '30', 'retry-after-ms': '1250.4' }), now), 1250);
  });

  it('accepts plain header records, any case', () => {
    assert.equal(retryAfterMsFromHeaders({ 'Retry-After': '2' }, now), 2000);
    assert.equal(retryAfterMsFromHeaders({ 'retry-after': ['4'] }, now), 4000);
  });

  it('gives undefined for absent or unparsable values', () => {
    assert.equal(retryAfterMsFromHeaders(undefined, now), undefined);
    assert.equal(retryAfterMsFromHeaders(new Headers(), now), undefined);
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after-ms': '-5' }), now), undefined);
    // Date.parse alone would read these as years.
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after': '-5' }), now), undefined);
    assert.equal(retryAfterMsFromHeaders(new Headers({ 'retry-after': '2030' }), now), 2_030_000);
  });
});

describe('retryAfterMsFromGoogleRpcBody', () => {
  it('reads RetryInfo.retryDelay', () => {
    const body = {
      error: {
        code: 429,
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37.5s' },
        ],
      },
    };
    assert.equal(retryAfterMsFromGoogleRpcBody(body), 37_500);
  });

  it('gives undefined without RetryInfo', () => {
    assert.equal(retryAfterMsFromGoogleRpcBody({ error: { details: [] } }), undefined);
    assert.equal(retryAfterMsFromGoogleRpcBody('not json'), undefined);
  });
});

describe('failureKindForStatus', () => {
  it('maps statuses to the kinds the retry policy knows', () => {
    const table: [number, string][] = [
      [429, 'rate_limit'],
      [408, 'timeout'],
      [409, 'conflict'],
      [500, 'server'],
      [529, 'server'],
      [401, 'auth'],
      [403, 'auth'],
      [400, 'bad_request'],
      [404, 'bad_request'],
      [422, 'bad_request'],
      [413, 'bad_request'],
      // Redirects are not followed: the base URL is wrong, as for a 404.
      [301, 'bad_request'],
      [307, 'bad_request'],
    ];
    for (const [status, kind] of table) assert.equal(failureKindForStatus(status), kind, `HTTP ${status}`);
  });
});
