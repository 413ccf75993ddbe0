import type { DetectorEngine } from '../detection/detector-engine.js';
import { runDetectors } from '../detection/run-detectors.js';
import { batchFromStrings } from '../detection/value-batch.js';
import { maskMatch } from '../shared/redact.js';
import { keyNames } from '../sources/datasets/index.js';

/**
 * Texts that must be stored but can hold PII themselves — object keys, file paths, messages that
 * name them: each validated match is replaced by its masked form (`users/j***@***.com/profile.json`).
 * A key is looked at name by name, each name without its extensions (see keyAsText). Detection runs
 * on the main thread, one short text at a time, and results are remembered (a listing repeats
 * folders): for keys and paths, not for bulk values.
 */
export class PiiMasker {
  private readonly memo = new Map<string, string>();

  constructor(
    private readonly engine: DetectorEngine,
    private readonly memoSize = 4096,
  ) {}

  /** The text with every PII match masked; the text itself when it holds none. */
  mask(text: string): string {
    return keyNames(text)
      .map(({ stem, extensions }) => this.maskName(stem) + extensions)
      .join('/');
  }

  /** Whether the text holds PII a detector validates (a key segment, say). */
  holdsPii(text: string): boolean {
    return this.mask(text) !== text;
  }

  private maskName(text: string): string {
    const known = this.memo.get(text);
    if (known !== undefined) return known;
    const masked = this.maskNow(text);
    if (this.memo.size >= this.memoSize) this.memo.clear();
    this.memo.set(text, masked);
    return masked;
  }

  private maskNow(text: string): string {
    if (text.trim() === '') return text;
    const batch = batchFromStrings([text]);
    const findings = runDetectors(this.engine, batch, this.engine.fieldPlan(''));
    if (findings.length === 0) return text;
    const bytes = batch.bytes.subarray(batch.starts[0], batch.ends[0]);
    let masked = '';
    let at = 0;
    for (const finding of findings) {
      const type = this.engine.detectors[finding.detector]?.type ?? '';
      masked += bytes.toString('utf8', at, finding.start);
      masked += maskMatch(type, bytes.toString('utf8', finding.start, finding.end));
      at = finding.end;
    }
    return masked + bytes.toString('utf8', at);
  }
}
