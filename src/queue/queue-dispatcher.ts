/**
 * The coordinator's side of a distributed scan (`piimap scan --queue`): one BullMQ queue per
 * source, named after it, whose global concurrency is the source's connection limit; one job per
 * planned asset. This process plans exactly as a local scan does and stays the catalog's one
 * writer: it collects each finished job's record, writes it, and only then removes the job, so a
 * coordinator that dies loses nothing a worker finished — `--resume` collects it first.
 */
import { type JobType, Queue } from 'bullmq';
import type { AssetRecord } from '../catalog/catalog-records.js';
import { now } from '../catalog/catalog-store.js';
import type {
  AssetDispatcher,
  AssetOutcomes,
  PlannedSource,
  SourceDispatch,
} from '../pipeline/asset-dispatch.js';
import type { AssetToScan } from '../pipeline/incremental-plan.js';
import type { ScanReporter } from '../pipeline/scan-reporter.js';
import { ASSET_JOB, type AssetJobData, assetJobId, assetRecordOf } from './asset-job.js';
import type { QueueSettings } from './queue-settings.js';
import type { RedisTarget } from './redis-connection.js';

export interface QueueDispatcherOptions {
  target: RedisTarget;
  settings: QueueSettings;
  report: ScanReporter;
  /** How often the queue is looked at for started and finished jobs. */
  pollMs?: number;
}

export class QueueDispatcher implements AssetDispatcher {
  readonly sourcesAtOnce: number;
  readonly #options: QueueDispatcherOptions;

  constructor(options: QueueDispatcherOptions) {
    this.#options = options;
    this.sourcesAtOnce = options.settings.sourcesAtOnce;
  }

  forSource(config: { name: string }, scanId: number): SourceDispatch {
    return new SourceQueue(config.name, scanId, this.#options);
  }
}

/** A planned asset whose job has not been collected yet. */
interface Pending {
  item: AssetToScan;
  started: boolean;
}

/** Finished jobs read from Redis at a time. */
const BATCH = 100;

/** How often the queue is checked for jobs that vanished from Redis. */
const VANISHED_CHECK_MS = 5000;

type AssetQueue = Queue<AssetJobData, AssetRecord, string>;

class SourceQueue implements SourceDispatch {
  readonly #source: string;
  readonly #scanId: number;
  readonly #options: QueueDispatcherOptions;
  readonly #queue: AssetQueue;
  readonly #pollMs: number;

  constructor(source: string, scanId: number, options: QueueDispatcherOptions) {
    this.#source = source;
    this.#scanId = scanId;
    this.#options = options;
    this.#pollMs = options.pollMs ?? 100;
    this.#queue = new Queue<AssetJobData, AssetRecord, string>(source, {
      connection: options.target.connection,
      prefix: options.settings.prefix,
      // Completed events carry records (never raw values): keep few.
      streams: { events: { maxLen: 1000 } },
    });
    // ioredis reconnects by itself and commands wait for it; errors surface where they are awaited.
    this.#queue.on('error', () => undefined);
  }

  /**
   * Before the source is listed: jobs an earlier run left waiting are removed (the plan adds those
   * still needed again), and jobs still active on workers are waited for — bounded by the time
   * BullMQ takes to notice a dead worker — so the coordinator's listing session never comes on top
   * of the source's connection limit.
   */
  async prepare(stopped: () => boolean): Promise<void> {
    const { lockDurationMs, stalledIntervalMs } = this.#options.settings;
    const giveUpAt = Date.now() + lockDurationMs + stalledIntervalMs + 5000;
    let warned = false;
    for (;;) {
      await this.#queue.drain(true);
      const { active = 0 } = await this.#queue.getJobCounts('active');
      if (active === 0 || stopped() || Date.now() > giveUpAt) return;
      if (!warned) {
        warned = true;
        this.#options.report({
          event: 'source-warning',
          source: this.#source,
          warning: `${active} job(s) of an earlier run still active on workers: listing the source once they end`,
        });
      }
      await sleep(this.#pollMs);
    }
  }

  async run(
    plan: PlannedSource,
    assets: readonly AssetToScan[],
    outcomes: AssetOutcomes,
    stopped: () => boolean,
  ): Promise<AssetToScan[]> {
    await this.#limitConnections(plan);
    // The coordinator reads the source no more: its sessions end before any job starts.
    await plan.release();
    const pending = new Map<string, Pending>(
      assets.map((item) => [assetJobId(this.#scanId, item.asset.name), { item, started: false }]),
    );
    // Finished by workers for an earlier run of this scan: recorded now. Its failures are tried
    // again, as a local `--resume` does.
    await this.#collect(plan, pending, outcomes, 'earlier run');
    const notStarted: AssetToScan[] = [];
    if (!stopped()) await this.#enqueue(plan, pending);
    let withdrawn = false;
    let checkedAt = Date.now();
    while (pending.size > 0) {
      // A signal or the time budget: jobs not started are taken back; those running finish.
      if (stopped()) {
        withdrawn = true;
        notStarted.push(...(await this.#withdraw(pending)));
      } else if (Date.now() - checkedAt > VANISHED_CHECK_MS) {
        checkedAt = Date.now();
        await this.#requeueVanished(plan, pending);
      }
      await this.#reportStarted(plan, pending, outcomes);
      await this.#collect(plan, pending, outcomes, 'this run');
      if (pending.size > 0) await sleep(withdrawn ? this.#pollMs * 2 : this.#pollMs);
    }
    return notStarted;
  }

  async close(): Promise<void> {
    await this.#queue.close();
  }

  /**
   * Jobs gone from Redis without the coordinator removing them (a Redis restarted without
   * persistence, a key evicted) are queued again, rather than waited for forever. Checked only when
   * the queue holds fewer jobs than are pending.
   */
  async #requeueVanished(plan: PlannedSource, pending: Map<string, Pending>): Promise<void> {
    const counts = await this.#queue.getJobCounts();
    if (Object.values(counts).reduce((sum, n) => sum + n, 0) >= pending.size) return;
    const vanished = new Map<string, Pending>();
    for (const [jobId, entry] of pending)
      if ((await this.#queue.getJobState(jobId)) === 'unknown') vanished.set(jobId, entry);
    if (vanished.size === 0) return;
    this.#options.report({
      event: 'source-warning',
      source: this.#source,
      warning: `${vanished.size} job(s) vanished from Redis (restarted without persistence?): queued again`,
    });
    // The queue's settings went with it.
    await this.#limitConnections(plan);
    await this.#enqueue(plan, vanished);
  }

  /** No more of the source's assets are read at once, on all workers together, than it has connections. */
  async #limitConnections(plan: PlannedSource): Promise<void> {
    await this.#queue.setGlobalConcurrency(Math.max(1, plan.source.concurrency ?? 1));
  }

  async #enqueue(plan: PlannedSource, pending: ReadonlyMap<string, Pending>): Promise<void> {
    const { attempts, backoffMs } = this.#options.settings;
    const sample = plan.context.sample;
    const jobs = [...pending].map(([jobId, { item }]) => ({
      name: ASSET_JOB,
      data: {
        scanId: this.#scanId,
        source: this.#source,
        asset: item.asset.name,
        sample,
        keepExamples: plan.context.keepExamples,
        settingsHash: plan.settingsHash,
      } satisfies AssetJobData,
      opts: {
        // Deterministic: a job this scan already has (active on a worker) is not added twice.
        jobId,
        attempts,
        backoff: { type: 'exponential', delay: backoffMs },
        // Kept until the coordinator has written them (then it removes them).
        removeOnComplete: false,
        removeOnFail: false,
        stackTraceLimit: 0,
      },
    }));
    for (let i = 0; i < jobs.length; i += 500) await this.#queue.addBulk(jobs.slice(i, i + 500));
  }

  /** Removes the jobs no worker has started; returns their assets. */
  async #withdraw(pending: Map<string, Pending>): Promise<AssetToScan[]> {
    await this.#queue.drain(true);
    const gone: AssetToScan[] = [];
    for (const [jobId, { item }] of pending) {
      if ((await this.#queue.getJobState(jobId)) !== 'unknown') continue;
      pending.delete(jobId);
      gone.push(item);
    }
    return gone;
  }

  async #reportStarted(
    plan: PlannedSource,
    pending: Map<string, Pending>,
    outcomes: AssetOutcomes,
  ): Promise<void> {
    for (const job of await this.#queue.getJobs(['active'])) {
      const entry = this.#ours(plan, pending, job);
      if (entry === undefined || entry.started) continue;
      entry.started = true;
      outcomes.started(entry.item);
    }
  }

  /**
   * Records the finished jobs of this scan still pending, then removes them (and any other
   * finished job: another scan's, which no run will collect any more). Of an earlier run only
   * completed jobs are taken; its failed ones are removed, so the plan adds them again.
   */
  async #collect(
    plan: PlannedSource,
    pending: Map<string, Pending>,
    outcomes: AssetOutcomes,
    from: 'earlier run' | 'this run',
  ): Promise<void> {
    for (const state of ['completed', 'failed'] satisfies JobType[]) {
      for (;;) {
        const jobs = await this.#queue.getJobs([state], 0, BATCH - 1, true);
        let removed = 0;
        for (const job of jobs) {
          const entry = this.#ours(plan, pending, job);
          if (entry !== undefined && (state === 'completed' || from === 'this run')) {
            pending.delete(job.id as string);
            if (!entry.started) outcomes.started(entry.item);
            const record =
              state === 'completed' ? assetRecordOf(job.returnvalue, entry.item.asset.name) : undefined;
            if (record !== undefined) outcomes.committed(entry.item, record);
            else outcomes.failed(entry.item, new Error(failureText(job, state)), startedAtOf(job));
          }
          // Only once the catalog has it: a coordinator that dies before this collects it again.
          if (
            await job.remove().then(
              () => true,
              () => false,
            )
          )
            removed++;
        }
        if (jobs.length < BATCH || removed === 0) break;
      }
    }
  }

  /** The pending entry a job stands for, if it is this scan's, under the same source settings. */
  #ours(
    plan: PlannedSource,
    pending: Map<string, Pending>,
    job: { id?: string | undefined; data: AssetJobData },
  ): Pending | undefined {
    if (job.id === undefined || job.data?.scanId !== this.#scanId) return undefined;
    if (job.data.settingsHash !== plan.settingsHash) return undefined;
    return pending.get(job.id);
  }
}

/** A failed job's error as the worker reported it (already redacted there), with its attempts. */
function failureText(
  job: { failedReason?: string; attemptsMade?: number; processedBy?: string | undefined },
  state: 'completed' | 'failed',
): string {
  const by = job.processedBy ? ` on ${job.processedBy}` : '';
  if (state === 'completed') return `the queue worker${by} returned no record for it`;
  const attempts = job.attemptsMade ?? 0;
  return `${job.failedReason || 'failed on a queue worker'} (${attempts} attempt${attempts === 1 ? '' : 's'}, the last${by})`;
}

function startedAtOf(job: { processedOn?: number | undefined }): string {
  return job.processedOn !== undefined ? new Date(job.processedOn).toISOString() : now();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
