import {
  JSON_WALK_LIMITS,
  MAX_DECOMPRESSED_BYTES,
  type ReadStats,
  readObjectRecords,
} from '../../formats/index.js';
import type { RecordBatch } from '../../formats/record-batch.js';
import { SourceError, errorMessage } from '../../shared/errors.js';
import { type Dataset, DatasetGrouper } from '../datasets/index.js';
import type {
  AssetAccess,
  AssetDescriptor,
  FieldDescriptor,
  ObjectSampleDetails,
  PlannedSample,
  RecordSample,
  SampleOptions,
  SourceAdapter,
} from '../source-adapter.js';
import type { ObjectStore, StoredObject } from './object-store.js';

/** Masks PII in texts that are stored (keys, paths); backed by detection (PiiMasker). */
export interface KeyMasker {
  mask(text: string): string;
  holdsPii(text: string): boolean;
}

export interface ObjectSourceOptions {
  name: string;
  kind: 'files' | 's3';
  store: ObjectStore;
  /** Objects read per dataset: the newest plus a spread over the rest. */
  objectsPerDataset: number;
  /** Bytes read from the start of each object (ranged reads); `--full` reads whole objects. */
  bytesPerObject: number;
  masker: KeyMasker;
}

/**
 * Files in a folder or objects in a bucket, as datasets: keys that differ only in dates, numbers,
 * hashes, partitions or rotation are one asset (`logs/app/dt=*` + `/part-*.jsonl.gz`), so a million
 * log objects are a few assets whose ids stay put as partitions arrive. Each dataset is sampled
 * from a few objects, the head of each, and its records come as batches of values per field.
 */
export class ObjectSource implements SourceAdapter {
  readonly name: string;
  readonly kind: string;
  readonly location: string;
  /** Datasets read at once: object reads wait on the network (S3) more than on the CPU. */
  readonly concurrency: number;
  /** Include/exclude globs apply to object keys, in the store, not to dataset patterns. */
  readonly selectsOwnAssets = true;
  private readonly datasets = new Map<string, Dataset>();

  constructor(private readonly options: ObjectSourceOptions) {
    this.name = options.name;
    this.kind = options.kind;
    this.location = options.store.location;
    this.concurrency = options.kind === 's3' ? 4 : 2;
  }

  async listAssets(): Promise<AssetDescriptor[]> {
    const grouper = new DatasetGrouper({
      objectsPerDataset: this.options.objectsPerDataset,
      isSensitive: (segment) => this.options.masker.holdsPii(segment),
    });
    for await (const object of this.options.store.list()) grouper.add(object);
    this.datasets.clear();
    return grouper.datasets().map((dataset) => {
      this.datasets.set(dataset.pattern, dataset);
      return { name: dataset.pattern, kind: 'dataset' as const };
    });
  }

  /**
   * A dataset's fingerprint from the last listing: every object's key, size and ETag (S3) or inode
   * and mtime in ns (files), so an added, removed or rewritten object marks the dataset changed.
   */
  async fingerprints(assets: readonly AssetDescriptor[]): Promise<(string | null)[]> {
    return assets.map((asset) => this.datasets.get(asset.name)?.fingerprint ?? null);
  }

  /** Problems of the last listing, paths masked where they hold PII. */
  listingWarnings(): string[] {
    return (this.options.store.problems ?? []).map((problem) => this.options.masker.mask(problem));
  }

  /** A dataset's fields are found as its records are read. */
  async describe(): Promise<FieldDescriptor[]> {
    return [];
  }

  async sample(
    asset: AssetDescriptor,
    _fields: readonly FieldDescriptor[],
    options: SampleOptions,
  ): Promise<RecordSample> {
    const dataset = this.datasets.get(asset.name);
    if (dataset === undefined)
      throw new SourceError(`${this.name}: no dataset ${asset.name} in the last listing; list assets first`);
    const mask = (key: string) => this.options.masker.mask(key);
    const details: ObjectSampleDetails = {
      objectCount: dataset.objectCount,
      totalBytes: dataset.totalBytes,
      sampledKeys: [],
      skipped: [],
      formats: [],
      bytesRead: 0,
      incomplete: [],
      malformedRecords: 0,
    };
    const formats = new Set<string>();
    const read = async function* (this: ObjectSource): AsyncGenerator<RecordBatch> {
      for (const object of dataset.sampled) {
        const records = await this.open(object, options);
        if ('skipped' in records) {
          details.skipped.push({ key: mask(object.key), reason: records.skipped });
          continue;
        }
        formats.add(records.gzip ? `${records.format}+gzip` : records.format);
        try {
          yield* records.batches;
        } catch (error) {
          throw this.objectError(object, error);
        }
        details.sampledKeys.push(mask(object.key));
        const { stats } = records;
        details.bytesRead += stats.bytesRead;
        details.malformedRecords += stats.malformedRecords;
        const reason = incompleteReason(stats);
        if (reason !== undefined) details.incomplete.push({ key: mask(object.key), reason });
      }
      details.formats = [...formats].sort();
    };
    return {
      method: sampleMethod(dataset),
      batches: read.call(this),
      details: () => details,
      keys: dataset.sampled.map((object) => object.key),
    };
  }

  /** The objects `sample` would read, from the last listing (keys masked). */
  async planSample(asset: AssetDescriptor, options: SampleOptions): Promise<PlannedSample> {
    const dataset = this.listed(asset);
    return {
      method: sampleMethod(dataset),
      objectCount: dataset.objectCount,
      totalBytes: dataset.totalBytes,
      objects: dataset.sampled.map((object) => this.options.masker.mask(object.key)),
      note: options.full
        ? 'reads each of these objects whole'
        : `reads the first ${this.options.bytesPerObject} bytes (at most ${options.sampleSize} records) of each`,
    };
  }

  /**
   * The listing shows the store can be listed; reading may still be refused (S3 ListBucket without
   * GetObject), so one byte of one object per dataset is read — the newest non-empty one.
   */
  async checkAccess(assets: readonly AssetDescriptor[]): Promise<AssetAccess[]> {
    const access: AssetAccess[] = new Array<AssetAccess>(assets.length);
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < assets.length; i = next++)
        access[i] = await this.readOneByte(assets[i] as AssetDescriptor);
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, assets.length) }, lane));
    return access;
  }

  async close(): Promise<void> {
    await this.options.store.close();
  }

  private listed(asset: AssetDescriptor): Dataset {
    const dataset = this.datasets.get(asset.name);
    if (dataset === undefined)
      throw new SourceError(`${this.name}: no dataset ${asset.name} in the last listing; list assets first`);
    return dataset;
  }

  private async readOneByte(asset: AssetDescriptor): Promise<AssetAccess> {
    const dataset = this.listed(asset);
    const object = dataset.sampled.find((o) => o.size > 0) ?? dataset.newest;
    const key = this.options.masker.mask(object.key);
    if (object.size === 0) return { readable: true, detail: `listed; ${key} is empty, so nothing was read` };
    try {
      await this.options.store.read(object.key, 0, 1);
    } catch (error) {
      return { readable: false, detail: this.objectError(object, error).message };
    }
    return { readable: true, detail: `read 1 byte of ${key}` };
  }

  private async open(object: StoredObject, options: SampleOptions) {
    try {
      return await readObjectRecords(this.options.store, object, {
        // --full reads each sampled object whole: every record, every byte.
        maxRecords: options.full ? Number.MAX_SAFE_INTEGER : options.sampleSize,
        maxBytes: options.full ? object.size : this.options.bytesPerObject,
        maxValueBytes: options.maxValueBytes,
      });
    } catch (error) {
      throw this.objectError(object, error);
    }
  }

  /** An object that cannot be read fails its dataset, naming the object; PII in the text is masked. */
  private objectError(object: StoredObject, error: unknown): SourceError {
    const message = errorMessage(error);
    const key = this.options.masker.mask(object.key);
    // Messages name the key: its masked form replaces it; other PII in the text is masked too.
    const named = message.includes(object.key) ? message.split(object.key).join(key) : `${key}: ${message}`;
    return new SourceError(this.options.masker.mask(named), {
      cause: error,
      permissionDenied: error instanceof SourceError && error.permissionDenied,
    });
  }
}

function sampleMethod(dataset: Dataset): string {
  return dataset.sampled.length < dataset.objectCount ? 'newest-and-spread' : 'all-objects';
}

/** Why an object was read only in part, beyond the sampling limits that apply to every object. */
function incompleteReason(stats: ReadStats): string | undefined {
  const reasons: string[] = [];
  if (stats.stoppedBy === 'maxDecompressedBytes')
    reasons.push(
      `stopped at the decompression limit (${MAX_DECOMPRESSED_BYTES / 1_048_576} MiB): a gzip bomb or a very large compressed object`,
    );
  else if (stats.unreadableTail !== undefined)
    reasons.push(`${stats.unreadableTail}; the records before it were read`);
  if (stats.truncatedRecords > 0)
    reasons.push(
      `${stats.truncatedRecords} record(s) held JSON nested deeper than ${JSON_WALK_LIMITS.maxDepth} levels or more than ${JSON_WALK_LIMITS.maxLeaves} values; that part was left out, the rest read`,
    );
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
