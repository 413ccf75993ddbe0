/** Files in a local folder and objects in an S3 bucket, behind one interface the object source reads through. */

/** One file or object, as listing returns it. */
export interface StoredObject {
  /**
   * The object's id, `/`-separated: files, the path relative to the source's folder
   * (`app/app.log.1`); S3, the full object key (`logs/app/dt=2026-11-23/part-0001.jsonl.gz`).
   */
  key: string;
  size: number;
  lastModified: Date;
  /** A content fingerprint where the store has one (S3 ETag, unquoted); files leave it out. */
  etag?: string;
  /**
   * What changes whenever a file may have changed, where there is no ETag: its inode and its
   * modification time in nanoseconds (incremental scans compare it).
   */
  version?: string;
}

/** Where objects live: a local folder, or an S3 bucket and prefix. */
export interface ObjectStore {
  /** Where the store is, without credentials: safe to print and store. */
  readonly location: string;
  /**
   * Every object the source's include/exclude globs select (matched against the key relative to
   * the folder or prefix), in key order. Pages are fetched as the iteration goes.
   */
  list(): AsyncIterable<StoredObject>;
  /** What the last listing had to skip and why (FileStore: folders it may not read). */
  readonly problems?: readonly string[];
  /** Bytes [start, end) of an object (end is clamped to its size): only they cross the network. */
  read(key: string, start: number, end: number): Promise<Uint8Array>;
  /** Bytes [start, end) as a stream, for sequential formats (lines, CSV, gzip). */
  stream(key: string, start: number, end: number): Promise<AsyncIterable<Uint8Array>>;
  close(): Promise<void>;
}
