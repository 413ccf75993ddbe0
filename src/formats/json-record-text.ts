import type { Token } from 'stream-json/parser.js';

export interface JsonRecordTextLimits {
  /** Containers nested deeper than this (within the record) are written as `null`. */
  maxDepth: number;
  /** Once the text is this long, further keys and items are left out. */
  maxChars: number;
  /** Longer strings (and keys) are cut to this many UTF-16 units. */
  maxStringLength: number;
}

/**
 * Writes the JSON text of one record back from the streaming parser's tokens, so the JSON walker
 * (which takes text) can read it. Bounded whatever the input: nesting past `maxDepth` and content
 * past `maxChars` are left out (a value whose key was written becomes `null`), and `text()` closes
 * what is still open, so a record cut by a limit is still valid JSON.
 */
export class JsonRecordText {
  private readonly parts: string[] = [];
  private length = 0;
  /** Closers of the containers written and still open. */
  private readonly closers: string[] = [];
  /** Containers open in the input that are being left out. */
  private skipDepth = 0;
  /** The key before the next value was left out, so the value goes too. */
  private dropNext = false;
  private afterKey = false;
  private needComma = false;
  private started = false;
  private leftOut = false;

  constructor(private readonly limits: JsonRecordTextLimits) {}

  /** Something was left out by `maxDepth` or `maxChars` (not by `maxStringLength`: that is a value cut). */
  get truncated(): boolean {
    return this.leftOut;
  }

  /** The record's root has been closed. */
  get done(): boolean {
    return this.started && this.closers.length === 0 && this.skipDepth === 0;
  }

  write(token: Token): void {
    switch (token.name) {
      case 'startObject':
        return this.open('{', '}');
      case 'startArray':
        return this.open('[', ']');
      case 'endObject':
      case 'endArray':
        return this.close();
      case 'keyValue':
        return this.key(token.value);
      case 'stringValue':
        return this.scalar(JSON.stringify(this.cutString(token.value)));
      case 'numberValue':
        return this.scalar(token.value);
      case 'nullValue':
      case 'trueValue':
      case 'falseValue':
        return this.scalar(String(token.value));
      default:
        return; // streamed chunks: the parser is set to packed values only
    }
  }

  /** The text so far, with open containers closed. */
  text(): string {
    if (this.afterKey) this.emit('null');
    return this.parts.join('') + this.closers.slice().reverse().join('');
  }

  private cutString(value: string): string {
    return value.length > this.limits.maxStringLength ? value.slice(0, this.limits.maxStringLength) : value;
  }

  /** Whether the value starting now is written, written as `null` (its key is out), or left out. */
  private valueMode(container: boolean): 'write' | 'null' | 'skip' {
    if (this.skipDepth > 0 || this.dropNext) {
      this.dropNext = false;
      return 'skip';
    }
    const room =
      this.length <= this.limits.maxChars && (!container || this.closers.length < this.limits.maxDepth);
    if (room) return 'write';
    this.leftOut = true;
    return this.afterKey ? 'null' : 'skip';
  }

  private open(opener: string, closer: string): void {
    const mode = this.valueMode(true);
    if (mode === 'write') {
      this.valueStart();
      this.emit(opener);
      this.closers.push(closer);
      this.needComma = false;
      this.started = true;
      return;
    }
    if (mode === 'null') this.scalarText('null');
    this.skipDepth++;
  }

  private close(): void {
    if (this.skipDepth > 0) {
      this.skipDepth--;
      return;
    }
    this.emit(this.closers.pop() ?? '');
    this.needComma = true;
  }

  private key(key: string): void {
    if (this.skipDepth > 0) return;
    if (this.length > this.limits.maxChars) {
      this.dropNext = true;
      this.leftOut = true;
      return;
    }
    if (this.needComma) this.emit(',');
    this.emit(`${JSON.stringify(this.cutString(key))}:`);
    this.afterKey = true;
    this.needComma = false;
  }

  private scalar(text: string): void {
    const mode = this.valueMode(false);
    if (mode !== 'skip') this.scalarText(mode === 'null' ? 'null' : text);
  }

  private scalarText(text: string): void {
    this.valueStart();
    this.emit(text);
    this.needComma = true;
    this.started = true;
  }

  /** A comma before an array item (an object's value follows its key, which had the comma). */
  private valueStart(): void {
    if (this.needComma && !this.afterKey) this.emit(',');
    this.afterKey = false;
  }

  private emit(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }
}
