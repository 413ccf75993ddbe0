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
}

export function newReadStats(): ReadStats {
  return { records: 0, bytesRead: 0, stoppedBy: undefined, unreadableTail: undefined };
}
