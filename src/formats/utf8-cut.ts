/**
 * Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character: detection reads
 * UTF-8, and a cut mid-character would turn the last character into U+FFFD.
 */
export class Utf8Cutter {
  private readonly scratch: Uint8Array;
  private readonly encoder = new TextEncoder();

  constructor(readonly maxBytes: number) {
    this.scratch = new Uint8Array(Math.max(0, maxBytes));
  }

  cut(text: string): string {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: short text never needs encoding.
    if (text.length * 3 <= this.maxBytes) return text;
    // encodeInto stops before a character that does not fit; `read` counts the code units taken.
    const { read } = this.encoder.encodeInto(text, this.scratch);
    return read >= text.length ? text : text.slice(0, read);
  }
}
