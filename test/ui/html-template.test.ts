// The HTML template escapes everything it is given: catalog names can hold markup and quotes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeHtml, hrefWith, markup, trusted } from '../../src/report/html/html-template.js';

test('escapeHtml: the five characters that matter in text and quoted attributes', () => {
  assert.equal(
    escapeHtml(`<script>alert("x" + 'y') && 1</script>`),
    '&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp;&amp; 1&lt;/script&gt;',
  );
  assert.equal(escapeHtml('plain text'), 'plain text');
});

test('markup: interpolations escaped, nested templates and arrays kept, nothing for null/undefined/false', () => {
  const name = `a"b' <img src=x onerror=alert(1)>`;
  const out = markup`<a title="${name}">${name}</a>${[markup`<i>${'<b>'}</i>`, '<u>']}${null}${undefined}${false}${0}`;
  assert.equal(
    out.text,
    '<a title="a&quot;b&#39; &lt;img src=x onerror=alert(1)&gt;">a&quot;b&#39; &lt;img src=x onerror=alert(1)&gt;</a><i>&lt;b&gt;</i>&lt;u&gt;0',
  );
  assert.equal(markup`${trusted('<b>ok</b>')}`.text, '<b>ok</b>');
});

test('hrefWith: values are URL-encoded, empty ones left out; markup escapes the &', () => {
  const href = hrefWith('/ui/field', {
    source: 'a&b',
    asset: 'x "y"',
    field: '<script>',
    page: undefined,
    q: '',
  });
  assert.equal(href, '/ui/field?source=a%26b&asset=x+%22y%22&field=%3Cscript%3E');
  assert.equal(
    markup`<a href="${href}">`.text,
    '<a href="/ui/field?source=a%26b&amp;asset=x+%22y%22&amp;field=%3Cscript%3E">',
  );
  assert.equal(hrefWith('/ui/', {}), '/ui/');
});

test("markup drops its templates' indentation, never a value's", () => {
  const value = 'a\n    b';
  const out = markup`<ul>
      <li>${value}</li>
    </ul>`;
  assert.equal(out.text, '<ul>\n<li>a\n    b</li>\n</ul>');
});
