import { splitKnownExtensions } from './known-extensions.js';

/**
 * An object key as text for detection: its names apart (`/` spaced out) and each name's known
 * extensions apart from its stem. In a key, `exports/078-05-1120.csv` is a folder and a file named
 * after an SSN; as one token (`…/078-05-1120.csv`) detectors would rightly take the number for part
 * of a longer token, as they do in prose.
 */
export function keyAsText(key: string): string {
  return keyNames(key)
    .map(({ stem, extensions }) => (extensions === '' ? stem : `${stem} ${extensions}`))
    .join(' / ');
}

/** A key's `/`-separated names, each as its stem and its known extensions (`.jsonl.gz`). */
export function keyNames(key: string) {
  return key.split('/').map(splitKnownExtensions);
}
