import { type SafeHtml, markup } from '../../report/html/html-template.js';

/** A labelled select; `''` is the "any" option. */
export function selectField(
  name: string,
  label: string,
  options: readonly (string | { value: string; label: string })[],
  current: string | undefined,
  anyLabel = 'any',
): SafeHtml {
  const all = [
    { value: '', label: anyLabel },
    ...options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o)),
  ];
  return markup`<label
    >${label}<select name="${name}">
      ${all.map(
        (o) =>
          markup`<option value="${o.value}" ${o.value === (current ?? '') ? markup` selected` : ''}>
            ${o.label}
          </option>`,
      )}
    </select></label
  >`;
}

export function inputField(
  name: string,
  label: string,
  current: string | number | undefined,
  attributes: { type?: string; placeholder?: string; min?: number; max?: number; step?: number } = {},
): SafeHtml {
  const { type = 'text', placeholder, min, max, step } = attributes;
  return markup`<label
    >${label}<input
      type="${type}"
      name="${name}"
      value="${current ?? ''}"
      ${
        placeholder !== undefined ? markup` placeholder="${placeholder}"` : ''
      }${min !== undefined ? markup` min="${min}"` : ''}${max !== undefined ? markup` max="${max}"` : ''}${
        step !== undefined ? markup` step="${step}"` : ''
      }
  /></label>`;
}

export const PAGE_SIZES = ['25', '50', '100', '200'];
