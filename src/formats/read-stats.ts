/** Why reading an object stopped before its end. */
export type StopReason = 'maxRecords' | 'maxBytes' | 'maxDecompressedBytes';

/** What was read from one object, for the catalog; final once its batches have been iterated. */
export interface ReadStats {
  records: number;
  /** Bytes of the stored object fetched (compressed bytes for gzip). */
  bytesRead: number;
  /** The limit that stopped reading while there was more; undefined when the object was read to its end. */
  stoppedBy: StopReason | undefined;
  /** Content that could not be read ended the object early (`invalid JSON`, `corrupt gzip data`); records before it were kept. */
  unreadableTail: string | undefined;
  /**
   * Records of malformed content, each counted once, whether read as far as they could be (then
   * also in `records`) or skipped (CSV rows that could not be parsed). Text and JSON Lines: lines cut
   * at `MAX_LINE_CHARS`, lines holding U+FFFD or NUL (invalid UTF-8 or binary bytes), and JSON Lines
   * lines that start like JSON but do not parse. CSV/TSV: rows skipped by the parser, ragged rows
   * (a cell count other than the header's), rows holding U+FFFD or NUL. JSON: the invalid element
   * that ends the document (counted once; what follows it is `unreadableTail`), records holding
   * U+FFFD. Parquet: none. Cuts by a limit (`maxBytes`, `maxValueBytes`, depth) are not malformed.
   */
  malformedRecords: number;
  /**
   * Records of which part of their JSON was left out by the walk limits: nesting deeper than
   * `JSON_WALK_LIMITS.maxDepth` levels, or more than `maxLeaves` values. The rest of each was read.
   */
  truncatedRecords: number;
}

export function newReadStats(): ReadStats {
  return {
    records: 0,
    bytesRead: 0,
    stoppedBy: undefined,
    unreadableTail: undefined,
    malformedRecords: 0,
    truncatedRecords: 0,
  };
}
