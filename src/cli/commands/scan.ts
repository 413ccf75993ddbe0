import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ScanLock } from '../../catalog/scan-lock.js';
import type { ScanSettings } from '../../pipeline/scan.js';
import { type QueueSettings, queueConfigOf, queueSettings, wholeNumber } from '../../queue/queue-settings.js';
import type { RedisTarget } from '../../queue/redis-connection.js';
import { UsageError } from '../../shared/errors.js';
import { parseDuration } from '../duration.js';
import { ExitCode } from '../exit-codes.js';
import { commaList, repeatable } from '../flag-lists.js';
import type { CliIo } from '../io.js';
import { readPiimapVersion } from '../version.js';
import { scanInterrupts } from '../scan-interrupts.js';

interface ScanFlags {
  config?: string;
  catalog?: string;
  full?: boolean;
  json?: boolean;
  examples?: string;
  workers?: string;
  sampleSize?: string;
  seed?: string;
  detectors?: string[];
  regions?: string[];
  changedOnly?: boolean;
  maxAge?: string;
  timeBudget?: string;
  resume?: boolean;
  force?: boolean;
  report?: string;
  logFormat?: string;
  quiet?: boolean;
  queue?: string;
  queuePrefix?: string;
  sourcesAtOnce?: string;
}

export function registerScan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('Scan an estate (from --config and/or source arguments) into the catalog')
    .argument('[sources...]', 'sources to scan: a SQLite file path (postgres:// and mysql:// URLs follow)')
    .option('--config <file>', 'estate config (catalog-schema/estate.schema.json)')
    .option('--catalog <file>', "catalog file (default: the config's catalog, else ./piimap.db)")
    .option('--full', 'read every row instead of sampling')
    .option('--sample-size <rows>', 'rows sampled per table (default 10000)')
    .option('--seed <n>', 'repeatable sampling (Postgres TABLESAMPLE REPEATABLE, MySQL key ranges)')
    .option('--examples <mode>', 'none (default) or masked: keep a few masked examples per finding')
    .option(
      '--workers <n>',
      'detection threads: a number, 0 for none, or auto (cores - 1; one fewer for a database on this machine)',
    )
    .option('--detectors <dir>', 'also load detectors from this folder (repeatable)', repeatable)
    .option('--regions <regions>', 'phone regions for national numbers, e.g. US,GB', commaList)
    .option('--changed-only', 'skip assets unchanged since their last successful scan (fingerprints)')
    .option(
      '--max-age <age>',
      'with --changed-only: rescan assets last scanned longer ago than this (h or d)',
      '30d',
    )
    .option(
      '--time-budget <time>',
      'start no asset after this long (e.g. 2h); the rest is left for the next run (exit 6)',
    )
    .option('--resume', 'continue the most recent interrupted scan, skipping the assets it committed')
    .option('--force', 'with --resume: resume even though the config changed since the scan started')
    .option('--json', 'print newline-delimited JSON events on stdout instead of progress lines')
    .option('--log-format <format>', 'text or json (one object per line, with levels) for the log on stderr')
    .option('--quiet', 'log only warnings and errors (a scan without trouble prints nothing)')
    .option('--report <file>', 'write a JSON report: counts, new and changed PII, failures, skipped assets')
    .option(
      '--queue <url>',
      'distributed: plan here, and queue one job per asset for piimap worker processes (redis://host:6379)',
    )
    .option(
      '--queue-prefix <prefix>',
      "with --queue: the queues' prefix in Redis, one per estate (default piimap)",
    )
    .option('--sources-at-once <n>', 'with --queue: sources planned and queued at once (default 4)')
    .action(async (args: string[], flags: ScanFlags) => setExit(await runScanCommand(args, flags, io)));
}

async function runScanCommand(args: string[], flags: ScanFlags, io: CliIo): Promise<number> {
  // The scan's code loads when it runs, not whenever the CLI starts (and the report's only for --report).
  const [
    { estateDetectors, estateFindingFilter, estateFromFlags, positiveInteger },
    { SqliteCatalogStore },
    { ScanLock },
    { resumeTarget },
    { runScan, scanConfigHash },
    { parseLogFormat, scanReporter },
    { threadsStartAfter, workerCount },
  ] = await Promise.all([
    import('../estate-from-flags.js'),
    import('../../catalog/catalog-store.js'),
    import('../../catalog/scan-lock.js'),
    import('../../pipeline/resume-target.js'),
    import('../../pipeline/scan.js'),
    import('../../pipeline/scan-reporter.js'),
    import('../worker-count.js'),
  ]);
  const estate = await estateFromFlags('scan', args, flags.config);
  const { config, baseDir, sources } = estate;

  const examples = flags.examples ?? config.examples ?? 'none';
  if (examples !== 'none' && examples !== 'masked')
    throw new UsageError(`--examples: "${examples}" is not none or masked`);
  const detectors = await estateDetectors(estate, flags.detectors);
  const regions = flags.regions ?? config.defaultRegions;
  const catalogPath = flags.catalog ?? (config.catalog ? resolve(baseDir, config.catalog) : 'piimap.db');
  const allow = config.allow ?? {};
  const filter = estateFindingFilter(allow);
  const maxAgeMs = parseDuration(flags.maxAge ?? '30d', '--max-age');
  const timeBudgetMs =
    flags.timeBudget !== undefined ? parseDuration(flags.timeBudget, '--time-budget') : undefined;
  const logFormat = parseLogFormat(flags.logFormat);
  if (flags.report !== undefined) checkReportPath(flags.report);
  if (flags.force && !flags.resume) throw new UsageError('--force only applies to --resume');
  const queue = await queueFromFlags(flags, config, args, sources[0]?.name ?? 'piimap');
  // Opened before any source connects: a catalog that cannot be written stops the scan first.
  const store = SqliteCatalogStore.open(catalogPath);
  if (store.migratedFrom)
    io.stderr.write(
      `piimap: catalog upgraded from schema v${store.migratedFrom.version} to v${store.migratedFrom.to}; backup at ${store.migratedFrom.backup}\n`,
    );
  let lock: ScanLock | undefined;
  // On a signal that outlasts the grace time: the lock's release records the scan as interrupted.
  const interrupts = scanInterrupts((code) => {
    lock?.release();
    store.close();
    process.exit(code);
  });
  try {
    // One writer: a second scan stops here (exit 3, naming the first) before touching any source.
    lock = ScanLock.acquire(store);
    if (lock.takenOver)
      io.stderr.write(`piimap: took over the catalog lock of a stale scan (${lock.takenOver.reason})\n`);
    const settings: ScanSettings = {
      sources,
      baseDir,
      sampleSize: positiveInteger(flags.sampleSize, '--sample-size') ?? config.sampleSize ?? 10_000,
      maxValueBytes: config.maxValueBytes ?? 65_536,
      keepExamples: examples === 'masked',
      // A coordinator detects nothing itself: its workers do.
      workers: queue ? 0 : workerCount(flags.workers ?? config.workers ?? 'auto', sources),
      workersAfterValues: threadsStartAfter(flags.workers ?? config.workers ?? 'auto'),
      full: flags.full === true,
      ...(flags.seed !== undefined && { seed: positiveInteger(flags.seed, '--seed') as number }),
      detectors,
      detection: regions ? { defaultRegions: regions } : {},
      allow,
      filter,
      piimapVersion: readPiimapVersion(),
      changedOnly: flags.changedOnly === true,
      maxAgeMs,
      ...(timeBudgetMs !== undefined && { timeBudgetMs }),
      onScanStarted: (scanId) => lock?.attach(scanId),
      signal: interrupts.signal,
    };
    if (flags.resume)
      settings.resumeScanId = resumeTarget(store, scanConfigHash(settings), flags.force === true);
    const report = scanReporter({
      json: flags.json === true,
      logFormat,
      quiet: flags.quiet === true,
      stdout: io.stdout,
      stderr: io.stderr,
      isTTY: process.stderr.isTTY === true && io.stderr === process.stderr,
    });
    if (queue) {
      // BullMQ (and ioredis) load only for a distributed scan: a local scan starts without them.
      const { QueueDispatcher } = await import('../../queue/queue-dispatcher.js');
      settings.dispatcher = new QueueDispatcher({ ...queue, report });
    }
    const result = await runScan(store, settings, report);
    const exitCode =
      interrupts.exitCode() ??
      (result.deferred > 0
        ? ExitCode.timeBudget
        : result.failures > 0
          ? ExitCode.someAssetsFailed
          : ExitCode.ok);
    if (flags.report !== undefined) {
      const { buildScanReport, writeScanReport } = await import('../../report/scan-report-file.js');
      await writeScanReport(flags.report, buildScanReport(store, result.scanId, exitCode));
    }
    return exitCode;
  } finally {
    interrupts.dispose();
    lock?.release();
    store.close();
  }
}

/** `--queue` and its settings; the Redis is checked before anything is opened or recorded. */
async function queueFromFlags(
  flags: ScanFlags,
  config: Parameters<typeof queueConfigOf>[0],
  args: readonly string[],
  firstQueue: string,
): Promise<{ target: RedisTarget; settings: QueueSettings } | undefined> {
  if (flags.queue === undefined) {
    if (flags.queuePrefix !== undefined || flags.sourcesAtOnce !== undefined)
      throw new UsageError('--queue-prefix and --sources-at-once only apply to --queue');
    return undefined;
  }
  if (flags.config === undefined || args.length > 0)
    throw new UsageError(
      '--queue: the sources must come from --config alone: workers read the same file (piimap worker --config)',
    );
  const settings = queueSettings(queueConfigOf(config), {
    prefix: flags.queuePrefix,
    sourcesAtOnce: wholeNumber(flags.sourcesAtOnce, '--sources-at-once', 1),
  });
  const { checkRedis, redisTarget } = await import('../../queue/redis-connection.js');
  const target = redisTarget(flags.queue);
  await checkRedis(target, settings.prefix, firstQueue);
  return { target, settings };
}

/** The report is written when the scan ends: a folder that is not there fails now, not hours later. */
function checkReportPath(path: string): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new UsageError(`--report ${path}: folder ${folder} does not exist; create it or pick another path`);
}
