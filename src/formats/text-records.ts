import { JSON_WALK_LIMITS } from '../sampling/json-paths.js';
import type { ObjectStore, StoredObject } from '../sources/objects/object-store.js';
import { BatchBuilder } from './batch-builder.js';
import { type BatchLimits, type RecordWriter, batchRecords } from './batch-records.js';
import { csvRecordWriter, csvRows } from './csv-records.js';
import { hasDamagedText } from './damaged-text.js';
import { gunzip } from './gzip.js';
import { type JsonDocumentRecord, jsonDocumentRecords } from './json-document.js';
import { lineRecordWriter } from './log-line.js';
import { objectBytes } from './object-bytes.js';
import type { ReadStats } from './read-stats.js';
import type { RecordBatch } from './record-batch.js';
import { decodeUtf8 } from './text-decode.js';
import { MAX_LINE_CHARS, textLines } from './text-lines.js';

/** Containers nested deeper in one JSON record are left out, as the walker leaves them out. */
const JSON_RECORD_MAX_DEPTH = JSON_WALK_LIMITS.maxDepth;

export interface TextReadPlan extends BatchLimits {
  format: 'jsonl' | 'json' | 'csv' | 'tsv' | 'text';
  gzip: boolean;
  /** The object's head, already read for sniffing: its bytes are not fetched again. */
  head: Uint8Array;
  /** Bytes of the object to read: `min(size, maxBytes)`. */
  end: number;
  maxValueBytes: number;
  maxDecompressedBytes: number;
}

/** A record text of a JSON document; malformed when it holds U+FFFD (invalid UTF-8 inside a string). */
const writeJsonRecord: RecordWriter<JsonDocumentRecord> = ({ text, truncated }, builder) => {
  if (!builder.addJson(text)) return 'none';
  if (truncated) builder.markTruncated();
  return hasDamagedText(text) ? 'malformed' : 'record';
};

/** The object's text, and whether it ran to the object's end (not cut by a limit or a broken gzip). */
function objectText(
  store: ObjectStore,
  object: StoredObject,
  plan: TextReadPlan,
  stats: ReadStats,
): { chunks: AsyncIterable<string>; complete: () => boolean } {
  let bytes = objectBytes(store, object.key, plan.head, plan.end, {
    onRead: (count) => (stats.bytesRead += count),
    onEnd: () => {
      if (plan.end < object.size) stats.stoppedBy = 'maxBytes';
    },
  });
  if (plan.gzip) {
    bytes = gunzip(bytes, plan.maxDecompressedBytes, {
      onCap: () => (stats.stoppedBy = 'maxDecompressedBytes'),
      // A gzip cut by maxBytes ends early by design; only an object that is itself cut is unreadable.
      onBroken: (reason) => {
        if (stats.stoppedBy === undefined) stats.unreadableTail = reason;
      },
    });
  }
  return {
    chunks: decodeUtf8(bytes),
    complete: () => stats.stoppedBy === undefined && stats.unreadableTail === undefined,
  };
}

/** Batches of records of a text object (JSON Lines, JSON, CSV/TSV, logs), read sequentially. */
export function textRecords(
  store: ObjectStore,
  object: StoredObject,
  plan: TextReadPlan,
  stats: ReadStats,
): AsyncGenerator<RecordBatch> {
  const { chunks, complete } = objectText(store, object, plan, stats);
  const builder = new BatchBuilder(plan.maxValueBytes);
  switch (plan.format) {
    case 'jsonl':
    case 'text':
      // A JSON Lines line that is not JSON is read as a log line; a log line that is JSON is walked.
      return batchRecords(textLines(chunks, complete), lineRecordWriter(plan.format), builder, plan, stats);
    case 'csv':
    case 'tsv': {
      const rows = csvRows(chunks, plan.format, complete, () => stats.malformedRecords++);
      return batchRecords(rows, csvRecordWriter(), builder, plan, stats);
    }
    case 'json': {
      const limits = {
        maxDepth: JSON_RECORD_MAX_DEPTH,
        maxChars: MAX_LINE_CHARS,
        maxStringLength: plan.maxValueBytes,
      };
      const records = jsonDocumentRecords(chunks, limits, {
        // The element the JSON turned invalid in is one malformed record; what follows is unreadable.
        onInvalid: (reason) => {
          stats.unreadableTail ??= reason;
          stats.malformedRecords++;
        },
      });
      return batchRecords(records, writeJsonRecord, builder, plan, stats);
    }
  }
}
