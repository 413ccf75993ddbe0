/** One interface for every source kind: list assets, describe their fields, stream a sample. */

export interface AssetDescriptor {
  /** The printable asset id within its source (postgres `schema.table`, sqlite `table`). */
  name: string;
  kind: 'table' | 'view';
  rowEstimate?: number;
}

export interface FieldDescriptor {
  name: string;
  dataType: string;
  /** `values`: sample and detect; `json`: walk parsed values by path; `skip`: record why not. */
  scan: 'values' | 'json' | 'skip';
  skipReason?: string;
}

export interface SampleOptions {
  sampleSize: number;
  /** Longer values are cut at the source, so they never cross the wire whole. */
  maxValueBytes: number;
  /** Read every row, whatever the table size. */
  full: boolean;
  /** Makes sampling repeatable where the source supports it (Postgres `REPEATABLE`). */
  seed?: number;
}

export interface Sample {
  /** How the rows were chosen: `full`, `rowid-ranges`, `tablesample-system`, `head`, … */
  method: string;
  /** Rows as arrays of text (or null) in the order of the fields asked for. */
  rows: AsyncIterable<(string | null)[]>;
}

export interface SourceAdapter {
  readonly name: string;
  readonly kind: string;
  /** Where the source is, with credentials removed: safe to print and store. */
  readonly location: string;
  listAssets(): Promise<AssetDescriptor[]>;
  describe(asset: AssetDescriptor): Promise<FieldDescriptor[]>;
  sample(asset: AssetDescriptor, fields: readonly FieldDescriptor[], options: SampleOptions): Promise<Sample>;
  close(): Promise<void>;
}
