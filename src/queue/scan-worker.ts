/**
 * `piimap worker`'s engine: a BullMQ worker on the queue of every source of its estate config.
 * Each job is one asset: the worker checks that it would scan it exactly as the coordinator
 * planned (the source's settings hash), opens and lists the source if it has it closed, samples
 * and detects with its own detection threads, and returns the asset's record — only what the
 * catalog stores. It writes no catalog: the coordinator does.
 */
import { hostname } from 'node:os';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import type { AssetRecord } from '../catalog/catalog-records.js';
import type { EstateConfig, SourceConfig } from '../config/estate-config.js';
import type { DetectionOptions } from '../detection/detection-options.js';
import type { LoadedDetector } from '../detection/detector-definition.js';
import type { FindingFilter } from '../pipeline/finding-filter.js';
import { PiiMasker } from '../pipeline/pii-masker.js';
import { RowRateLimit } from '../pipeline/row-rate-limit.js';
import { scanAsset } from '../pipeline/scan-asset.js';
import { type ScanDetection, scanDetection } from '../pipeline/scan-detection.js';
import { type ResultSettings, sourceSettingsHash } from '../pipeline/scan-settings-hash.js';
import { sourceContext } from '../pipeline/source-context.js';
import { SourceError, errorMessage } from '../shared/errors.js';
import { redactErrorText } from '../shared/redact.js';
import { type AssetJobData, isAssetJobData } from './asset-job.js';
import type { QueueSettings } from './queue-settings.js';
import type { RedisTarget } from './redis-connection.js';
import type { WorkerReporter } from './worker-events.js';
import { WorkerSources } from './worker-sources.js';

export interface ScanWorkerOptions {
  sources: SourceConfig[];
  baseDir: string;
  detectors: LoadedDetector[];
  detection: Partial<DetectionOptions>;
  allow: NonNullable<EstateConfig['allow']>;
  filter: FindingFilter;
  piimapVersion: string;
  /** Detection threads (0: on the main thread). */
  threads: number;
  /** Values detected on the main thread before the threads start (worker-count.ts); absent: at once. */
  threadsAfterValues?: number;
  target: RedisTarget;
  settings: QueueSettings;
  report: WorkerReporter;
}

type AssetJob = Job<AssetJobData, AssetRecord, string>;

export class ScanWorker {
  /** `host:pid`: BullMQ records it on the jobs this worker takes. */
  readonly name = `${hostname()}:${process.pid}`;
  readonly #options: ScanWorkerOptions;
  readonly #detection: ScanDetection;
  readonly #sources: WorkerSources;
  readonly #workers = new Map<string, Worker<AssetJobData, AssetRecord, string>>();
  /** Jobs in hand, with the lock token that lets this worker hand them back. */
  readonly #active = new Map<string, { job: AssetJob; token: string }>();
  /** The source settings this worker's config decides (the job brings the sampling). */
  readonly #result: Omit<ResultSettings, 'sampleSize' | 'maxValueBytes' | 'full' | 'seed' | 'keepExamples'>;
  /** Per source, the row buckets of its connection slots not in use (maxRowsPerSecond). */
  readonly #throttles = new Map<string, RowRateLimit[]>();
  readonly #refusedAll: Promise<void>;
  /** Error texts can quote values (a database's "invalid input: 536-22-8190"): masked before Redis sees them. */
  readonly #masker: PiiMasker;
  #onRefusedAll: () => void = () => undefined;

  constructor(options: ScanWorkerOptions) {
    this.#options = options;
    this.#detection = scanDetection({
      ...options,
      workers: options.threads,
      workersAfterValues: options.threadsAfterValues ?? 0,
    });
    this.#masker = new PiiMasker(this.#detection.engine);
    this.#sources = new WorkerSources(options.baseDir, { masker: this.#masker });
    this.#result = {
      piimapVersion: options.piimapVersion,
      baseDir: options.baseDir,
      detectors: options.detectors,
      detection: options.detection,
      allow: options.allow,
    };
    this.#refusedAll = new Promise((resolve) => (this.#onRefusedAll = resolve));
    const { connection } = options.target;
    const { prefix, lockDurationMs, stalledIntervalMs, maxStalledCount } = options.settings;
    for (const config of options.sources) {
      const worker = new Worker<AssetJobData, AssetRecord, string>(
        config.name,
        (job, token) => this.#process(config, job, token as string),
        {
          connection,
          prefix,
          name: this.name,
          // One job until the source is open and says how many connections it may use.
          concurrency: 1,
          lockDuration: lockDurationMs,
          stalledInterval: stalledIntervalMs,
          maxStalledCount,
        },
      );
      worker.on('error', (error) =>
        options.report({
          event: 'worker-warning',
          warning: `${config.name}: ${this.#masker.mask(redactErrorText(errorMessage(error)))}`,
        }),
      );
      worker.on('stalled', (jobId) => options.report({ event: 'job-stalled', source: config.name, jobId }));
      this.#workers.set(config.name, worker);
    }
    options.report({
      event: 'worker-started',
      worker: this.name,
      queues: [...this.#workers.keys()],
      redis: options.target.display,
      prefix,
      threads: options.threads,
    });
  }

  /** Resolves once every source's jobs were refused (this worker's config is not the coordinator's). */
  get refusedAll(): Promise<void> {
    return this.#refusedAll;
  }

  /** Takes no more jobs, lets those in hand finish, then closes sources and threads. */
  async close(): Promise<void> {
    await Promise.all([...this.#workers.values()].map((worker) => worker.close()));
    await this.#sources.closeAll();
    await this.#detection.close();
  }

  /**
   * Hands the jobs in hand back to the queue, for another worker to take at once (rather than
   * once their lock expires); the caller exits right after. Returns how many were handed back.
   */
  async release(): Promise<number> {
    let released = 0;
    for (const { job, token } of this.#active.values())
      if (
        await job.moveToWait(token).then(
          () => true,
          () => false,
        )
      )
        released++;
    return released;
  }

  async #process(config: SourceConfig, job: AssetJob, token: string): Promise<AssetRecord> {
    const { report } = this.#options;
    const jobId = job.id ?? '';
    const data: unknown = job.data;
    if (!isAssetJobData(data) || data.source !== config.name)
      throw new UnrecoverableError(`job ${jobId} is not a piimap asset job of source ${config.name}`);
    const at = { source: config.name, asset: data.asset, scanId: data.scanId, jobId };
    if (this.#settingsHash(config, data) !== data.settingsHash) {
      const reason =
        `worker ${this.name} refused it: the worker's config, detectors or piimap version (${this.#options.piimapVersion}) ` +
        `differ from the coordinator's for source ${config.name}; start piimap worker with the coordinator's estate config, ` +
        `--detectors and --regions, and the same piimap version`;
      report({ event: 'job-refused', ...at, reason });
      this.#leave(config.name);
      throw new UnrecoverableError(reason);
    }
    const attempt = job.attemptsMade + 1;
    this.#active.set(jobId, { job, token });
    report({ event: 'job-started', ...at, attempt });
    const startedMs = Date.now();
    let lease;
    let throttle: RowRateLimit | undefined;
    try {
      lease = await this.#sources.lease(config, data.scanId);
      const concurrency = Math.max(1, lease.source.concurrency ?? 1);
      const worker = this.#workers.get(config.name);
      if (worker !== undefined && worker.concurrency !== concurrency) worker.concurrency = concurrency;
      const asset = await lease.find(data.asset);
      if (asset === undefined)
        throw new SourceError(
          `source ${config.name}: ${data.asset} is not in the worker's listing of the source (dropped or renamed since the coordinator listed it?)`,
        );
      throttle = this.#takeThrottle(config, concurrency);
      const context = sourceContext(
        { ...this.#detection.context, sample: data.sample, keepExamples: data.keepExamples },
        config,
        throttle,
      );
      const record = await scanAsset(lease.source, asset, context);
      report({
        event: 'job-done',
        ...at,
        rowsSampled: record.rowsSampled,
        fields: record.fields.length,
        durationMs: Date.now() - startedMs,
      });
      return record;
    } catch (error) {
      // Redacted and masked here, before it is stored in Redis (failedReason): the catalog gets it as is.
      const message = this.#masker.mask(redactErrorText(errorMessage(error)));
      report({ event: 'job-failed', ...at, attempt, attempts: job.opts.attempts ?? 1, error: message });
      throw new Error(message);
    } finally {
      if (throttle !== undefined) this.#throttles.get(config.name)?.push(throttle);
      lease?.release();
      this.#active.delete(jobId);
    }
  }

  /**
   * maxRowsPerSecond across workers: the queue lets `concurrency` jobs of the source run at once,
   * so each job reads through a bucket of 1/concurrency of the rate. A bucket belongs to a slot of
   * this worker, kept from job to job (a fresh one per job would bring a fresh burst each time).
   */
  #takeThrottle(config: SourceConfig, concurrency: number): RowRateLimit | undefined {
    if (typeof config.maxRowsPerSecond !== 'number') return undefined;
    let free = this.#throttles.get(config.name);
    if (free === undefined) this.#throttles.set(config.name, (free = []));
    return free.pop() ?? new RowRateLimit(config.maxRowsPerSecond / concurrency);
  }

  #settingsHash(config: SourceConfig, data: AssetJobData): string {
    return sourceSettingsHash(config, {
      ...this.#result,
      sampleSize: data.sample.sampleSize,
      maxValueBytes: data.sample.maxValueBytes,
      full: data.sample.full,
      ...(data.sample.seed !== undefined && { seed: data.sample.seed }),
      keepExamples: data.keepExamples,
    });
  }

  /** Stops taking the source's jobs (after the one in hand is failed); all refused: `refusedAll`. */
  #leave(source: string): void {
    const worker = this.#workers.get(source);
    if (worker === undefined) return;
    this.#workers.delete(source);
    // Not awaited here: close() waits for the job being refused, which waits for this to return.
    setImmediate(() => {
      void worker.close().finally(() => {
        if (this.#workers.size === 0) this.#onRefusedAll();
      });
    });
  }
}
