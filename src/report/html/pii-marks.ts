import type { Sensitivity } from '../../detection/detector-definition.js';
import { type SafeHtml, markup } from './html-template.js';

/** The colour slot of each built-in type; other types get a slot from their name. */
const TYPE_SLOTS: Readonly<Record<string, number>> = {
  email: 0,
  phone: 1,
  person_name: 2,
  street_address: 3,
  date_of_birth: 4,
  ip_address: 5,
  credit_card: 6,
  iban: 7,
  ssn: 6,
  passport_number: 8,
};
const SLOTS = 10;

function typeSlot(type: string): number {
  const fixed = TYPE_SLOTS[type];
  if (fixed !== undefined) return fixed;
  let hash = 0;
  for (let i = 0; i < type.length; i++) hash = (hash * 31 + type.charCodeAt(i)) >>> 0;
  return hash % SLOTS;
}

/** A PII type as a coloured chip, with an optional count or confidence after it. */
export function typeChip(type: string, extra?: string | number): SafeHtml {
  return markup`<span class="chip t${typeSlot(type)}"
    >${type}${
      extra !== undefined ? markup` <small>${typeof extra === 'number' ? count(extra) : extra}</small>` : ''
    }</span
  >`;
}

export function sensitivityBadge(sensitivity: Sensitivity | null): SafeHtml {
  return markup`<span class="sens s-${sensitivity ?? 'unknown'}">${sensitivity ?? 'unknown'}</span>`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function confidence(n: number): string {
  return n.toFixed(2);
}

export function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`;
}

/** A horizontal bar of segments (class names from the stylesheet: f-high …), described in words for screen readers. */
export function bar(
  segments: readonly { value: number; tone: string }[],
  whole: number,
  label: string,
  width = 140,
): SafeHtml {
  let x = 0;
  const rects = segments
    .filter((s) => s.value > 0 && whole > 0)
    .map((s) => {
      const w = Math.max(1, Math.round((s.value / whole) * width));
      const rect = markup`<rect
        class="f-${s.tone}"
        x="${x}"
        width="${Math.min(w, width - x)}"
        height="10"
      ></rect>`;
      x += w;
      return rect;
    });
  return markup`<svg
    class="bar"
    width="${width}"
    height="10"
    viewBox="0 0 ${width} 10"
    role="img"
    aria-label="${label}"
  >
    <rect class="track" width="${width}" height="10"></rect>
    ${rects}
  </svg>`;
}

/** An ISO time as `2024-05-01 12:00 UTC`. */
export function when(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
