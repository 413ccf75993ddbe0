/** What `piimap plan` and `piimap check` report, as `--json` prints it. */

/** One asset a scan would read, and how. */
export interface AssetPlan {
  asset: string;
  kind: 'table' | 'view' | 'dataset';
  /** The sampling method the scan would use; null where the source cannot say beforehand. */
  method: string | null;
  estimatedRows?: number;
  /** Datasets: objects in it, their total size, and the objects a scan would read (keys masked). */
  objectCount?: number;
  totalBytes?: number;
  objects?: string[];
  /** Where the scan may decide otherwise, or how much of each object it reads. */
  note?: string;
  /** Whether the scanning user may read its values; null where the source cannot tell. */
  readable: boolean | null;
  /** Why not and what to do; or how it was found, where that took a read. */
  access?: string;
  /** The asset could not be planned. */
  error?: string;
}

export interface SourcePlan {
  source: string;
  kind: string;
  /** Where the source is, credentials removed; absent when it could not be opened. */
  location?: string;
  /** Rows per table this source's scan samples (its own sampleSize, else the estate's). */
  sampleSize: number;
  assets: AssetPlan[];
  /** What the listing had to leave out (a folder it may not read). */
  warnings: string[];
  /** The source could not be opened or listed: nothing of it would be scanned. */
  error?: string;
}

export interface EstatePlan {
  full: boolean;
  seed?: number;
  sources: SourcePlan[];
}

/** One source's connection and grants. */
export interface SourceCheck {
  source: string;
  kind: string;
  location?: string;
  /** No problems: reachable, read-only, time-limited, every asset readable. */
  ok: boolean;
  /** As the server reports it (absent for files and S3, and when the source cannot be reached). */
  server?: string;
  user?: string;
  readOnly?: boolean;
  readOnlyBy?: string;
  /** 0: no limit in force; null: none applies (a local file). */
  statementTimeoutMs?: number | null;
  /** Counted once the source is listed. */
  assets?: { total: number; readable: number; unreadable: { asset: string; detail: string }[] };
  /** What is wrong, each with what to do. */
  problems: string[];
  warnings: string[];
}

export interface EstateCheck {
  ok: boolean;
  sources: SourceCheck[];
}
