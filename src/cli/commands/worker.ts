import type { Command } from 'commander';
import { ConfigError, UsageError } from '../../shared/errors.js';
import { queueConfigOf, queueSettings, wholeNumber } from '../../queue/queue-settings.js';
import type { ScanWorker } from '../../queue/scan-worker.js';
import { parseDuration } from '../duration.js';
import { commaList, repeatable } from '../flag-lists.js';
import type { CliIo } from '../io.js';
import { scanInterrupts } from '../scan-interrupts.js';
import { readPiimapVersion } from '../version.js';

interface WorkerFlags {
  config?: string;
  queue?: string;
  queuePrefix?: string;
  workers?: string;
  detectors?: string[];
  regions?: string[];
  lockDuration?: string;
  stalledInterval?: string;
  maxStalledCount?: string;
  json?: boolean;
}

export function registerWorker(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description(
      'Scan assets for a coordinator (piimap scan --queue): take jobs from the queue of every source in --config',
    )
    .option('--config <file>', "estate config: the coordinator's (same sources, detectors and settings)")
    .option('--queue <url>', 'the Redis the coordinator queues jobs in: redis://[:password@]host:6379[/db]')
    .option(
      '--queue-prefix <prefix>',
      "the coordinator's queue prefix (default: the config's queue.prefix, else piimap)",
    )
    .option(
      '--workers <n>',
      'detection threads: a number, 0 for none, or auto (cores - 1; one fewer for a database on this machine)',
    )
    .option(
      '--detectors <dir>',
      'also load detectors from this folder (repeatable), as the coordinator does',
      repeatable,
    )
    .option(
      '--regions <regions>',
      'phone regions for national numbers, as the coordinator uses them',
      commaList,
    )
    .option('--lock-duration <time>', "a job's lock (e.g. 30s): a worker that dies frees its jobs after this")
    .option('--stalled-interval <time>', 'how often this worker looks for jobs of dead workers (e.g. 30s)')
    .option('--max-stalled-count <n>', 'times a job may lose its worker before it fails (default 1)')
    .option('--json', 'print newline-delimited JSON events on stdout instead of lines on stderr')
    .action(async (flags: WorkerFlags) => setExit(await runWorkerCommand(flags, io)));
}

async function runWorkerCommand(flags: WorkerFlags, io: CliIo): Promise<number> {
  if (flags.config === undefined)
    throw new UsageError("worker: --config is required: the coordinator's estate config");
  if (flags.queue === undefined)
    throw new UsageError(
      'worker: --queue is required: the Redis the coordinator queues jobs in (redis://host:6379)',
    );
  const [{ estateDetectors, estateFindingFilter, estateFromFlags }, { threadsStartAfter, workerCount }] =
    await Promise.all([import('../estate-from-flags.js'), import('../worker-count.js')]);
  const estate = await estateFromFlags('worker', [], flags.config);
  const { config, baseDir, sources } = estate;
  const settings = queueSettings(queueConfigOf(config), {
    prefix: flags.queuePrefix,
    lockDurationMs:
      flags.lockDuration !== undefined ? parseDuration(flags.lockDuration, '--lock-duration') : undefined,
    stalledIntervalMs:
      flags.stalledInterval !== undefined
        ? parseDuration(flags.stalledInterval, '--stalled-interval')
        : undefined,
    maxStalledCount: wholeNumber(flags.maxStalledCount, '--max-stalled-count', 0),
  });
  // BullMQ (and ioredis) load only when this command runs, not whenever the CLI starts.
  const [{ checkRedis, redisTarget }, { ScanWorker }, { workerReporter }] = await Promise.all([
    import('../../queue/redis-connection.js'),
    import('../../queue/scan-worker.js'),
    import('../../queue/worker-events.js'),
  ]);
  const target = redisTarget(flags.queue);
  const detectors = await estateDetectors(estate, flags.detectors);
  const regions = flags.regions ?? config.defaultRegions;
  const allow = config.allow ?? {};
  const threads = workerCount(flags.workers ?? config.workers ?? 'auto', sources);
  await checkRedis(target, settings.prefix, sources[0]?.name ?? 'piimap');

  const report = workerReporter({ json: flags.json === true, stdout: io.stdout, stderr: io.stderr });
  let worker: ScanWorker | undefined;
  // Grace time over, or a second signal: jobs in hand go back to the queue for another worker.
  const interrupts = scanInterrupts((code) => {
    void (worker?.release() ?? Promise.resolve(0)).then((released) => {
      report({
        event: 'worker-stopped',
        reason: 'signal, jobs not finished in time',
        jobsReleased: released,
      });
      process.exit(code);
    });
  });
  try {
    worker = new ScanWorker({
      sources,
      baseDir,
      detectors,
      detection: regions ? { defaultRegions: regions } : {},
      allow,
      filter: estateFindingFilter(allow),
      piimapVersion: readPiimapVersion(),
      threads,
      threadsAfterValues: threadsStartAfter(flags.workers ?? config.workers ?? 'auto'),
      target,
      settings,
      report,
    });
    const signalled = new Promise<'signal'>((resolve) =>
      interrupts.signal.addEventListener('abort', () => resolve('signal'), { once: true }),
    );
    const why = await Promise.race([worker.refusedAll.then(() => 'refused' as const), signalled]);
    await worker.close();
    report({
      event: 'worker-stopped',
      reason: why === 'signal' ? String(interrupts.signal.reason) : 'every source refused',
      jobsReleased: 0,
    });
    if (why === 'signal') return interrupts.exitCode() as number;
    throw new ConfigError(
      `worker: this worker's config, detectors or piimap version differ from the coordinator's for every source of ${flags.config}; nothing to do`,
    );
  } finally {
    interrupts.dispose();
  }
}
