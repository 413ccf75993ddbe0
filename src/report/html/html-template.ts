/**
 * HTML built by a tagged template, `markup`, that escapes every interpolated value unless it is
 * already `SafeHtml` (made by this template). Field names can hold `<script>`, asset names quotes:
 * nothing from the catalog reaches a page unescaped. Attributes are always double-quoted in
 * templates. (Not named `html`: Prettier would take the templates for HTML and rewrite them.)
 */
export class SafeHtml {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  toString(): string {
    return this.text;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe inside an element or a double- or single-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
}

/**
 * Interpolations are escaped; arrays are joined; null, undefined and false render nothing. The
 * templates' own indentation is dropped (a run of white space holding a line break becomes one
 * line break: the same to a browser, a third fewer bytes); interpolated values are kept as they are.
 */
export function markup(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  const parts = compacted(strings);
  let out = parts[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (parts[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

const compactParts = new WeakMap<TemplateStringsArray, readonly string[]>();

function compacted(strings: TemplateStringsArray): readonly string[] {
  let parts = compactParts.get(strings);
  if (parts === undefined) {
    parts = strings.map((part) => part.replace(/[ \t]*\n\s*/g, '\n'));
    compactParts.set(strings, parts);
  }
  return parts;
}

/** Markup this module did not build, trusted as is: only for constants (CSS, a script), never data. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** A path with a query (`/ui/field?source=…`), empty values left out; escape it when interpolating (markup does). */
export function hrefWith(path: string, query: Readonly<Record<string, string | number | undefined>>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query))
    if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}
