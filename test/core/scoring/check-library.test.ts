import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLibrary } from '../../../src/core/scoring/assertions/check-library';

test('a check library that fails to load says which checks need it and how to fix it, and is tried again next time', async () => {
  let attempts = 0;
  const load = checkLibrary('js-rouge', "'rouge-n'", async () => {
    attempts++;
    if (attempts === 1) throw new Error("Cannot find module './vendor/js-rouge.js'");
    return { n: () => 1 };
  });
  await assert.rejects(load(), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'check_library_unavailable');
    assert.match(error.message, /^js-rouge, which 'rouge-n' checks use, could not be loaded: Cannot find module '\.\/vendor\/js-rouge\.js'\. Reinstall Skill Trainer; .*npm run build/);
    return true;
  });
  assert.equal((await load()).n(), 1);
  assert.equal(await load(), await load());
  assert.equal(attempts, 2);
});
