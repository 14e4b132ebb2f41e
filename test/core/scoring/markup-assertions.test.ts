import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAssertionSpec } from '../../../src/core/scoring/assertions/assertion-registry';
import { check } from './assertion-helpers';

// Written from promptfoo's documentation of is-xml, contains-xml, is-html and
// contains-html, with its documented examples of what passes and what fails.

const analysis = '<analysis><sentiment>positive</sentiment><summary>Good</summary></analysis>';

test('is-xml: well-formed XML passes; a broken or unclosed tag fails, saying where', async () => {
  assert.equal((await check({ type: 'is-xml' }, analysis)).reason, 'expected to be well-formed XML; it is');
  assert.equal((await check({ type: 'is-xml' }, `\n${analysis}\n`)).pass, true);
  const broken = await check({ type: 'is-xml' }, '<root><child>Content</child></root');
  assert.equal(broken.pass, false);
  assert.match(broken.reason, /^expected to be well-formed XML; it is not \(line 1, column \d+: /);
  // A parser that only builds objects would accept these; they are not well-formed.
  assert.equal((await check({ type: 'is-xml' }, '<a><b></a>')).pass, false);
  assert.equal((await check({ type: 'is-xml' }, '<a>x</a> and some prose')).pass, false);
  assert.equal((await check({ type: 'is-xml' }, 'Here it is: <a>x</a>')).reason, 'expected to be well-formed XML; it does not start with a tag');
  assert.equal((await check({ type: 'not-is-xml' }, 'plain text')).pass, true);
});

test('is-xml: required elements as a list, a comma-separated text or {requiredElements}', async () => {
  for (const value of [['analysis.sentiment', 'analysis.summary'], 'analysis.sentiment, analysis.summary', { requiredElements: ['analysis.sentiment'] }]) {
    assert.equal((await check({ type: 'is-xml', value }, analysis)).pass, true, JSON.stringify(value));
  }
  const missing = await check({ type: 'is-xml', value: ['analysis.sentiment', 'analysis.color'] }, analysis);
  assert.equal(missing.pass, false);
  assert.equal(missing.reason, 'expected to be well-formed XML with analysis.sentiment, analysis.color; it is missing analysis.color');
  // Empty elements count; a repeated element has a child when any copy has it.
  assert.equal((await check({ type: 'is-xml', value: 'root.empty' }, '<root><empty></empty></root>')).pass, true);
  assert.equal((await check({ type: 'is-xml', value: 'list.item.name' }, '<list><item><id>1</id></item><item><name>b</name></item></list>')).pass, true);
});

test('contains-xml: XML inside prose passes; required elements may be in any of several fragments', async () => {
  const prose = 'Sure, here is your xml:\n<root><child>Content</child></root>\nlet me know if you have any other questions!';
  assert.equal((await check({ type: 'contains-xml' }, prose)).pass, true);
  assert.equal((await check({ type: 'contains-xml', value: 'root.child' }, prose)).pass, true);
  assert.equal((await check({ type: 'contains-xml', value: ['root2.child'] }, '<root1>Content</root1> text <root2><child>More</child></root2>')).pass, true);
  assert.equal((await check({ type: 'contains-xml', value: ['root.child'] }, '<?xml version="1.0"?>\n<root><child/></root>')).pass, true);
  const missing = await check({ type: 'contains-xml', value: ['root.missing'] }, prose);
  assert.equal(missing.pass, false);
  assert.equal(missing.reason, 'expected to contain well-formed XML with root.missing; it does not: the XML that starts "<root><child>Content</child></" is missing root.missing');
  assert.equal((await check({ type: 'contains-xml' }, 'This is just plain text')).reason, 'expected to contain well-formed XML; it contains no element with a closing tag');
  assert.equal((await check({ type: 'not-contains-xml' }, 'a < b and c > d')).pass, true);
});

test('XML values are checked when the file loads', () => {
  assert.deepEqual(checkAssertionSpec({ type: 'is-xml' }), []);
  assert.deepEqual(checkAssertionSpec({ type: 'contains-xml', value: {} }), []);
  const [problem] = checkAssertionSpec({ type: 'is-xml', value: { elements: ['root'] } });
  assert.equal(problem?.field, 'value');
  assert.match(problem?.message ?? '', /^'is-xml' takes an optional "value": the elements the XML must have as dot paths from the root, e\.g\./);
  assert.equal(checkAssertionSpec({ type: 'contains-xml', value: ['root', ''] })[0]?.field, 'value');
});

test("contains-html: two signs of HTML are needed, so comparisons and e-mail addresses are not HTML (promptfoo's examples)", async () => {
  for (const html of ['<p>paragraph</p>', '<img src="image.jpg" />', 'Some text with <strong>emphasis</strong> in it', '<br/><hr/>', '<div>&nbsp;</div>', '<!-- comment --><span>text</span>', '<custom-element attr="value">Web component</custom-element>']) {
    assert.equal((await check({ type: 'contains-html' }, html)).pass, true, html);
  }
  for (const text of ['Just plain text', '2 < 3 and 4 > 1', 'Generic <example> text', 'if (a<b) { return c>d; }', 'Email me at <john@example.com>', '<custom>', '&amp;', '<!-- comment -->']) {
    const result = await check({ type: 'contains-html' }, text);
    assert.equal(result.pass, false, text);
  }
  assert.equal((await check({ type: 'not-contains-html' }, 'Just plain text')).pass, true);
});

test("is-html: documents and fragments pass; text outside the elements, XML and unknown tags fail (promptfoo's examples)", async () => {
  for (const html of ['<!DOCTYPE html><html><head><title>Test</title></head><body>Content</body></html>', '<h1>Title</h1><p>Paragraph</p>', '<img src="test.jpg" />', '<br />', '  <div>With whitespace</div>  ', '<form><input type="text" /><button>Submit</button></form>', '<p>Hi<br>there</p>']) {
    assert.equal((await check({ type: 'is-html' }, html)).pass, true, html);
  }
  const failures: [string, string][] = [
    ['Just plain text', 'it has text outside any element ("Just plain text")'],
    ['Here is some HTML: <div>test</div>', 'it has text outside any element ("Here is some HTML:")'],
    ['<div>HTML</div> and some text', 'it has text outside any element ("and some text")'],
    ['Text <br /> more text', 'it has text outside any element ("Text")'],
    ['<?xml version="1.0"?><root>XML</root>', 'it is XML, not HTML'],
    ['   ', 'it is empty'],
    ['<notarealtag>', 'it has no HTML elements (no known tag such as <div> or <p>, nor a custom element with a hyphen)'],
  ];
  for (const [output, observation] of failures) {
    const result = await check({ type: 'is-html' }, output);
    assert.equal(result.reason, `expected to be HTML; ${observation}`, output);
    assert.equal(result.pass, false);
  }
  assert.equal((await check({ type: 'not-is-html' }, 'Just plain text')).pass, true);
});
