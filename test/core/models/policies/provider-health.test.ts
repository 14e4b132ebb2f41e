import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderHealth } from '../../../../src/core/models/policies/provider-health';

function healthWith(failed: number, ok: number): ProviderHealth {
  const health = new ProviderHealth();
  for (let index = 0; index < failed + ok; index += 1) health.record(index < failed ? 'transient' : 'ok', 'HTTP 429');
  return health;
}

test('a healthy or barely seen provider keeps the configured attempts', () => {
  assert.equal(healthWith(0, 50).attemptsAllowed(5), 5);
  assert.equal(healthWith(5, 4).attemptsAllowed(5), 5, 'fewer than 10 attempts seen');
  assert.equal(healthWith(5, 95).attemptsAllowed(5), 5, '0.05^5 is already far below 1 in 10 000');
});

test('a storm below half of the attempts raises the attempts until losing a call is a 1-in-10 000 event', () => {
  assert.equal(healthWith(30, 70).attemptsAllowed(5), 8); // 0.3^8 = 6.6e-5
  assert.equal(healthWith(45, 55).attemptsAllowed(5), 12); // 0.45^12 = 6.9e-5
  // A sample that reads above the true rate still gets the raised budget.
  assert.equal(healthWith(55, 45).attemptsAllowed(5), 16); // sized at 0.55
  assert.equal(healthWith(70, 30).attemptsAllowed(5), 19); // sized at the 0.6 ceiling
  assert.equal(healthWith(45, 55).attemptsAllowed(2), 8, 'at most 4x the setting');
});

test('a provider failing 80 % or more is out: no extra attempts, and it is described as down', () => {
  const health = healthWith(90, 10);
  assert.equal(health.attemptsAllowed(5), 5);
  assert.equal(health.isDown, true);
  assert.equal(healthWith(45, 55).isDown, false);
  assert.equal(health.describe(), '90 of its last 100 attempts failed (since the start: HTTP 429 ×90)');
});

test('permanent failures (a bad request) say nothing about the provider', () => {
  const health = healthWith(0, 20);
  for (let index = 0; index < 50; index += 1) health.record('permanent');
  assert.deepEqual(health.recentFailures, { failed: 0, attempts: 20 });
});
