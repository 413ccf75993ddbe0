/**
 * Turns the byte stream of `COPY (SELECT …) TO STDOUT` (PostgreSQL text format: tab between fields,
 * newline after each row, `\N` for NULL, backslash escapes) into per-column value batches, without a
 * JS string per value: one pass over each chunk copies the decoded bytes straight into the current
 * column's buffer. Chunks may be cut anywhere (mid-row, mid-escape, mid-UTF-8 sequence).
 */
import { SourceError } from '../../shared/errors.js';
import { VALUE_SEPARATOR } from '../../detection/value-batch.js';
import type { ColumnValues, CopyRows } from '../source-adapter.js';

export type { ColumnValues, CopyRows };

const TAB = 0x09;
const NEWLINE = 0x0a;
const BACKSLASH = 0x5c;
const LETTER_N = 0x4e;
const LETTER_X = 0x78;
const FIRST_BATCH_BYTES = 64 * 1024;
const MIN_BYTES = 4 * 1024;
const MIN_VALUES = 64;
/** Bytes one loop step may write at most: a pending escape's byte and a U+FFFD (3 each), a separator. */
const HEADROOM = 8;

/** Where a backslash escape stands. */
const PLAIN = 0;
const AFTER_BACKSLASH = 1;
const OCTAL = 2;
const HEX_FIRST = 3;
const HEX_SECOND = 4;

/** Bytes the main loop cannot copy as they are: tab, newline, backslash and 0xFF (the separator). */
const SPECIAL = new Uint8Array(256);
SPECIAL[TAB] = SPECIAL[NEWLINE] = SPECIAL[BACKSLASH] = SPECIAL[VALUE_SEPARATOR] = 1;

/** The byte `\c` stands for (octal and hex escapes aside): c itself unless it is b f n r t v. */
const UNESCAPED = Uint8Array.from({ length: 256 }, (_, c) => c);
UNESCAPED[0x62] = 0x08; // \b
UNESCAPED[0x66] = 0x0c; // \f
UNESCAPED[0x6e] = 0x0a; // \n
UNESCAPED[0x72] = 0x0d; // \r
UNESCAPED[0x74] = 0x09; // \t
UNESCAPED[0x76] = 0x0b; // \v

/** A hex digit's value, -1 for other bytes. */
const HEX_VALUE = Int8Array.from({ length: 256 }, (_, c) => {
  const digit = '0123456789abcdef'.indexOf(String.fromCharCode(c).toLowerCase());
  return c < 0x80 ? digit : -1;
});

/**
 * The bytes that may start a character `String.prototype.trim()` removes beyond ASCII: U+00A0 (C2),
 * U+1680 (E1), U+2000–U+205F (E2), U+3000 (E3) and U+FEFF (EF).
 */
const WHITESPACE_LEAD = new Uint8Array(256);
WHITESPACE_LEAD[0xc2] = WHITESPACE_LEAD[0xe1] = WHITESPACE_LEAD[0xe2] = WHITESPACE_LEAD[0xe3] = 1;
WHITESPACE_LEAD[0xef] = 1;

/** True when the value is empty after `String.prototype.trim()`. */
function isBlank(bytes: Buffer, start: number, end: number): boolean {
  let high = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i] as number;
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    if (c < 0x80) return false;
    // The first byte past ASCII whitespace starts a character: unless it may be one trim() removes,
    // that character (or the U+FFFD of an invalid sequence) stays.
    if (!high && WHITESPACE_LEAD[c] === 0) return false;
    high = true;
  }
  return !high || bytes.toString('utf8', start, end).trim() === '';
}

/** One column's values for the batch being filled; grows by doubling. */
class ColumnBuilder {
  bytes: Buffer;
  /** `bytes` again, to write four at a time. */
  view: DataView;
  starts: Uint32Array;
  ends: Uint32Array;
  /** Bytes used, including the field being read. */
  length = 0;
  count = 0;
  seen = 0;

  constructor(byteCapacity: number, valueCapacity: number) {
    // Never the shared pool: batches are transferred to worker threads with their ArrayBuffers.
    this.bytes = Buffer.allocUnsafeSlow(byteCapacity);
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, byteCapacity);
    this.starts = new Uint32Array(valueCapacity);
    this.ends = new Uint32Array(valueCapacity);
  }

  growBytes(): Buffer {
    const bytes = Buffer.allocUnsafeSlow(this.bytes.length * 2);
    this.bytes.copy(bytes, 0, 0, this.length);
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    return bytes;
  }

  /** Closes the field that started at `start` and ends at `end`. */
  endField(start: number, end: number, isNull: boolean): void {
    this.seen++;
    if (isNull || isBlank(this.bytes, start, end)) {
      this.length = start;
      return;
    }
    if (this.count === this.starts.length) {
      const starts = new Uint32Array(this.count * 2);
      const ends = new Uint32Array(this.count * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
    this.bytes[end] = VALUE_SEPARATOR;
    this.length = end + 1;
  }

  values(): ColumnValues {
    const { count } = this;
    const batch = {
      bytes: this.bytes.subarray(0, this.length),
      starts: this.starts.subarray(0, count),
      ends: this.ends.subarray(0, count),
      count,
    };
    return { batch, seen: this.seen };
  }

  /** A fresh builder sized for a batch like this one. */
  next(maxValues: number): ColumnBuilder {
    const bytes = Math.max(MIN_BYTES, Math.ceil(this.length * 1.25) + HEADROOM);
    const values = Math.min(maxValues, Math.max(MIN_VALUES, Math.ceil(this.count * 1.25)));
    return new ColumnBuilder(bytes, values);
  }
}

/**
 * Splits COPY text output into batches of `rowsPerBatch` rows, one ValueBatch per column holding the
 * values that are neither NULL nor blank (by `String.prototype.trim()`), exactly as
 * `batchFromStrings` would hold the decoded strings. Every batch has buffers of its own, so it may be
 * transferred to a worker while later chunks are read. After it throws, the batcher is spent.
 */
export class CopyTextBatcher {
  private readonly columnCount: number;
  private readonly rowsPerBatch: number;
  private builders: ColumnBuilder[];
  /** Takes the fields past the last column until the row ends and the error can name their number. */
  private readonly surplus = new ColumnBuilder(MIN_BYTES, 1);
  private completedRows = 0;
  private rowsInBatch = 0;
  // The reader's position, kept between chunks.
  private column = 0;
  private fieldStart = 0;
  /** The field so far is exactly `\N` (its output so far is the one byte `N`). */
  private nullCandidate = false;
  private escape = PLAIN;
  /** Value of the octal or hex digits read so far. */
  private code = 0;
  private octalDigits = 0;

  constructor(columnCount: number, rowsPerBatch: number) {
    if (!Number.isInteger(columnCount) || columnCount < 1) {
      throw new RangeError(`CopyTextBatcher: columnCount must be a positive integer, got ${columnCount}`);
    }
    if (!Number.isInteger(rowsPerBatch) || rowsPerBatch < 1) {
      throw new RangeError(`CopyTextBatcher: rowsPerBatch must be a positive integer, got ${rowsPerBatch}`);
    }
    this.columnCount = columnCount;
    this.rowsPerBatch = rowsPerBatch;
    const values = Math.min(rowsPerBatch, 1024);
    this.builders = Array.from({ length: columnCount }, () => new ColumnBuilder(FIRST_BATCH_BYTES, values));
  }

  /** Rows completed so far. */
  get rowsRead(): number {
    return this.completedRows;
  }

  /** Feeds the next chunk of COPY text output; returns the batches completed by it (each exactly rowsPerBatch rows). */
  push(chunk: Buffer): CopyRows[] {
    const done: CopyRows[] = [];
    const { columnCount } = this;
    // The chunk again, to read four bytes at a time.
    const words = new DataView(chunk.buffer, chunk.byteOffset, chunk.length);
    let column = this.column;
    let builder = this.builderFor(column);
    let bytes = builder.bytes;
    let view = builder.view;
    let length = builder.length;
    let limit = bytes.length - HEADROOM;
    let fieldStart = this.fieldStart;
    let nullCandidate = this.nullCandidate;
    let escape = this.escape;
    let code = this.code;
    let octalDigits = this.octalDigits;
    const end = chunk.length;
    let i = 0;

    for (;;) {
      if (escape !== PLAIN) {
        // Rare: the byte after a backslash, or a digit of an octal or hex escape.
        if (i === end) break;
        // The hot path below makes sure of room for itself; an escape writes up to 3 bytes.
        if (length >= limit) {
          builder.length = length;
          bytes = builder.growBytes();
          view = builder.view;
          limit = bytes.length - HEADROOM;
        }
        let c = chunk[i] as number;
        // The byte the finished escape stands for; `c` becomes -1 when it was the escape's last digit.
        let pending: number;
        if (escape === AFTER_BACKSLASH) {
          i++;
          if (c >= 0x30 && c <= 0x37) {
            escape = OCTAL;
            code = c - 0x30;
            octalDigits = 1;
            continue;
          }
          if (c === LETTER_X) {
            escape = HEX_FIRST;
            continue;
          }
          escape = PLAIN;
          if (c === LETTER_N && length === fieldStart) nullCandidate = true;
          c = UNESCAPED[c] as number;
          if (c === VALUE_SEPARATOR) {
            bytes[length++] = 0xef;
            bytes[length++] = 0xbf;
            bytes[length++] = 0xbd;
          } else {
            bytes[length++] = c;
          }
          continue;
        } else if (escape === OCTAL) {
          if (c >= 0x30 && c <= 0x37) {
            code = (code << 3) | (c - 0x30);
            if (++octalDigits < 3) {
              i++;
              continue;
            }
            c = -1;
          }
          pending = code & 0xff;
        } else if (escape === HEX_FIRST) {
          const digit = HEX_VALUE[c] as number;
          if (digit >= 0) {
            code = digit;
            escape = HEX_SECOND;
            i++;
            continue;
          }
          pending = LETTER_X; // `\x` without a hex digit is a literal x
        } else {
          const digit = HEX_VALUE[c] as number;
          if (digit >= 0) {
            code = (code << 4) | digit;
            c = -1;
          }
          pending = code;
        }
        if (c < 0) i++; // the byte was the escape's last digit; otherwise it is read as usual next
        escape = PLAIN;
        if (pending === VALUE_SEPARATOR) {
          bytes[length++] = 0xef;
          bytes[length++] = 0xbf;
          bytes[length++] = 0xbd;
        } else {
          bytes[length++] = pending;
        }
        continue;
      }

      // The hot path: a run of ordinary bytes, copied as they are up to the buffer's limit. Four at a
      // time while no byte of the four may be special; the word with one goes byte by byte.
      const stop = Math.min(end, i + limit - length);
      while (i + 4 <= stop) {
        const word = words.getInt32(i, true);
        // (x - k) & ~x has a byte's top bit set if and only if some byte of x is below k (k ≤ 0x80):
        // here a byte below 0x0b (tab, newline, rarer control bytes), a backslash or 0xff.
        const backslashes = word ^ 0x5c5c5c5c;
        const special =
          ((word - 0x0b0b0b0b) & ~word) |
          ((backslashes - 0x01010101) & ~backslashes) |
          ((~word - 0x01010101) & word);
        if ((special & 0x80808080) !== 0) break;
        view.setInt32(length, word, true);
        length += 4;
        i += 4;
      }
      let c = 0;
      while (i < stop) {
        c = chunk[i] as number;
        if (SPECIAL[c] !== 0) break;
        bytes[length++] = c;
        i++;
      }
      if (i >= stop) {
        if (i === end) break;
        // The buffer is full (an escape may have gone past the limit: stop < i).
        builder.length = length;
        bytes = builder.growBytes();
        view = builder.view;
        limit = bytes.length - HEADROOM;
        continue;
      }
      i++;
      if (c === BACKSLASH) {
        escape = AFTER_BACKSLASH;
        continue;
      }
      if (c === VALUE_SEPARATOR) {
        bytes[length++] = 0xef;
        bytes[length++] = 0xbf;
        bytes[length++] = 0xbd;
        continue;
      }
      // A tab or a newline: the field ends.
      builder.endField(fieldStart, length, nullCandidate && length === fieldStart + 1);
      nullCandidate = false;
      if (c === TAB) {
        column++;
      } else {
        if (column !== columnCount - 1) {
          this.column = column;
          throw this.fieldCountError(column + 1);
        }
        column = 0;
        this.completedRows++;
        if (++this.rowsInBatch === this.rowsPerBatch) done.push(this.takeBatch());
      }
      builder = this.builderFor(column);
      bytes = builder.bytes;
      view = builder.view;
      length = builder.length;
      limit = bytes.length - HEADROOM;
      fieldStart = length;
    }
    builder.length = length;
    this.column = column;
    this.fieldStart = fieldStart;
    this.nullCandidate = nullCandidate;
    this.escape = escape;
    this.code = code;
    this.octalDigits = octalDigits;
    return done;
  }

  /** At the end of the stream: the rows left (fewer than rowsPerBatch), if any. Throws if the data ends mid-row. */
  finish(): CopyRows[] {
    const builder = this.builderFor(this.column);
    if (this.column > 0 || this.escape !== PLAIN || builder.length !== this.fieldStart) {
      throw new SourceError(
        `COPY data ends in the middle of row ${this.completedRows + 1} (field ${this.column + 1} of ${this.columnCount})`,
      );
    }
    return this.rowsInBatch > 0 ? [this.takeBatch()] : [];
  }

  private builderFor(column: number): ColumnBuilder {
    if (column < this.columnCount) return this.builders[column] as ColumnBuilder;
    // Past the last column: keep nothing, the row is an error once its end shows how many fields it has.
    this.surplus.length = 0;
    this.surplus.count = 0;
    return this.surplus;
  }

  private takeBatch(): CopyRows {
    const rows = this.rowsInBatch;
    const columns = this.builders.map((builder) => builder.values());
    this.builders = this.builders.map((builder) => builder.next(this.rowsPerBatch));
    this.rowsInBatch = 0;
    return { rows, columns };
  }

  private fieldCountError(fields: number): SourceError {
    const row = this.completedRows + 1;
    return new SourceError(`COPY row ${row} has ${fields} fields, expected ${this.columnCount}`);
  }
}
