import { resolve } from 'node:path';
import type { Command } from 'commander';
import { SqliteCatalogStore } from '../../catalog/catalog-store.js';
import { ScanLock } from '../../catalog/scan-lock.js';
import { autoWorkerCount } from '../../detection/detection-pool.js';
import { runScan } from '../../pipeline/scan.js';
import { jsonReporter, progressReporter, textReporter } from '../../pipeline/scan-reporter.js';
import { UsageError } from '../../shared/errors.js';
import { commaList, repeatable } from '../detector-setup.js';
import {
  estateDetectors,
  estateFindingFilter,
  estateFromFlags,
  positiveInteger,
} from '../estate-from-flags.js';
import { ExitCode } from '../exit-codes.js';
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
    .option('--workers <n>', 'detection threads: a number, 0 for none, or auto (cores - 1)')
    .option('--detectors <dir>', 'also load detectors from this folder (repeatable)', repeatable)
    .option('--regions <regions>', 'phone regions for national numbers, e.g. US,GB', commaList)
    .option('--json', 'print newline-delimited JSON events instead of progress lines')
    .action(async (args: string[], flags: ScanFlags) => setExit(await runScanCommand(args, flags, io)));
}

async function runScanCommand(args: string[], flags: ScanFlags, io: CliIo): Promise<number> {
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
  // Opened before any source connects: a catalog that cannot be written stops the scan first.
  const store = SqliteCatalogStore.open(catalogPath);
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
    const result = await runScan(
      store,
      {
        sources,
        baseDir,
        sampleSize: positiveInteger(flags.sampleSize, '--sample-size') ?? config.sampleSize ?? 10_000,
        maxValueBytes: config.maxValueBytes ?? 65_536,
        keepExamples: examples === 'masked',
        workers: workerCount(flags.workers ?? config.workers ?? 'auto'),
        full: flags.full === true,
        ...(flags.seed !== undefined && { seed: positiveInteger(flags.seed, '--seed') as number }),
        detectors,
        detection: regions ? { defaultRegions: regions } : {},
        allowAssets: allow.assets ?? [],
        filter,
        piimapVersion: readPiimapVersion(),
        onScanStarted: (scanId) => lock?.attach(scanId),
        signal: interrupts.signal,
      },
      flags.json
        ? jsonReporter(io.stdout)
        : process.stderr.isTTY && io.stderr === process.stderr
          ? progressReporter(process.stderr)
          : textReporter(io.stderr),
    );
    return interrupts.exitCode() ?? (result.failures > 0 ? ExitCode.someAssetsFailed : ExitCode.ok);
  } finally {
    interrupts.dispose();
    lock?.release();
    store.close();
  }
}

function workerCount(value: string | number): number {
  if (value === 'auto') return autoWorkerCount();
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--workers: "${value}" is not a number of threads or auto`);
  return n;
}
