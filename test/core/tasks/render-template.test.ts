import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTemplate, templateVariables } from '../../../src/core/tasks/render-template';

test('variables render with or without spaces, dotted and indexed; non-strings as JSON', () => {
  const rendered = renderTemplate('Hi {{name}}, {{ user.city }} / {{items[1]}} / {{count}} / {{obj}}', {
    name: 'Ada',
    user: { city: 'Paris' },
    items: ['x', 'y'],
    count: 3,
    obj: { a: 1 },
  });
  assert.deepEqual(rendered, { text: 'Hi Ada, Paris / y / 3 / {"a":1}', missing: [], unsupported: [] });
});

test('missing variables render empty and are reported; filters and tags are left alone and reported', () => {
  const rendered = renderTemplate('{{a}}-{{ b | upper }}-{% if c %}x{% endif %}', {});
  assert.equal(rendered.text, '-{{ b | upper }}-{% if c %}x{% endif %}');
  assert.deepEqual(rendered.missing, ['a']);
  assert.deepEqual(rendered.unsupported, ['{{ b | upper }}', '{% if c %}', '{% endif %}']);
});

test('text that comes from a value is never rendered again', () => {
  assert.equal(renderTemplate('{{a}}', { a: '{{b}}', b: 'no' }).text, '{{b}}');
});

test('templateVariables lists the top-level names in order of first use', () => {
  assert.deepEqual(templateVariables('{{x}} {{ y.z }} {{x}} {{ w | f }}'), ['x', 'y']);
});
