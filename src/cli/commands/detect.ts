import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { BatchDetector } from '../../detection/detect-lines.js';
import { UsageError, errorMessage } from '../../shared/errors.js';
import type { DetectorFlags } from '../detector-setup.js';
import { ExitCode } from '../exit-codes.js';
import { commaList, repeatable } from '../flag-lists.js';
import { type CliIo, writeOut } from '../io.js';

/** Below this much input, starting worker threads costs more than it saves. */
const WORKERS_FROM_BYTES = 16 << 20;

export interface DetectOptions extends DetectorFlags {
  format: 'jsonl' | 'table';
  files: string[];
  /** Detection threads; 0 = on the main thread; undefined = auto. */
  workers?: number;
}

export function registerDetect(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('detect')
    .description('Find PII in text files or stdin, one result per line')
    .argument('[files...]', 'files to read (stdin when none)')
    .option('--format <format>', 'jsonl (default when piped) or table (default on a terminal)')
    .option('--types <types>', 'only these types or detector ids, comma-separated', commaList)
    .option('--detectors <dir>', 'also load detectors from this folder (repeatable)', repeatable)
    .option('--regions <regions>', 'phone regions for national numbers, e.g. US,GB (default US)', commaList)
    .option('--config <file>', 'estate config to take detectors.* and defaultRegions from')
    .option(
      '--workers <n>',
      'detection threads: a number, 0 for none, or auto (threads for inputs over 16 MB)',
      'auto',
    )
    .action(async (files: string[], flags: DetectorFlags & { format?: string; workers: string }) => {
      const format = flags.format ?? (io.stdoutIsTTY ? 'table' : 'jsonl');
      if (format !== 'jsonl' && format !== 'table') {
        throw new UsageError(`--format: "${format}" is not a format; use jsonl or table`);
      }
      if (flags.workers !== 'auto' && !/^\d+$/.test(flags.workers)) {
        throw new UsageError(`--workers: "${flags.workers}" is not a number of threads or auto`);
      }
      const workers = flags.workers === 'auto' ? undefined : Number(flags.workers);
      const { workers: _workers, ...rest } = flags;
      setExit(await runDetect({ ...rest, format, files, ...(workers !== undefined && { workers }) }, io));
    });
}

/** Reads each input, detects per line, prints as asked. Returns the exit code. */
export async function runDetect(options: DetectOptions, io: CliIo): Promise<number> {
  // The detection code loads when the command runs, not whenever the CLI starts.
  const [
    { DEFAULT_DETECTION_OPTIONS },
    { detectLines },
    { DetectionPool, autoWorkerCount },
    { loadDetectors },
    { runDetectors },
    { findingsPerLine, formatTable, jsonlFileKey, jsonlForBatch, tableRows },
    { detectorSetup },
  ] = await Promise.all([
    import('../../detection/detection-options.js'),
    import('../../detection/detect-lines.js'),
    import('../../detection/detection-pool.js'),
    import('../../detection/detector-loader.js'),
    import('../../detection/run-detectors.js'),
    import('../../report/detect-output.js'),
    import('../detector-setup.js'),
  ]);
  const setup = await detectorSetup(options);
  const loaded = await loadDetectors(setup.load);
  const types = loaded.map((d) => d.definition.type);
  const threads =
    options.workers ?? ((await inputBytes(options.files)) >= WORKERS_FROM_BYTES ? autoWorkerCount() : 0);
  const pool =
    threads > 0 ? new DetectionPool({ detectors: loaded, options: setup.options }, threads) : undefined;
  // The main thread detects too: reading and writing leave it mostly idle (measured: ~60% idle
  // with one worker). A batch goes to the pool while a worker is free, else it runs here.
  const { compileDetectors } = await import('../../detection/compile-detectors.js');
  const engine = compileDetectors(loaded, { ...DEFAULT_DETECTION_OPTIONS, ...setup.options });
  const plan = engine.fieldPlan();
  const inline: BatchDetector = async (batch) => runDetectors(engine, batch, plan);
  let inPool = 0;
  const detect: BatchDetector = pool
    ? (batch) => {
        if (inPool >= threads) return inline(batch);
        inPool++;
        return pool.detect(batch).finally(() => inPool--);
      }
    : inline;
  const inputs: (string | undefined)[] = options.files.length > 0 ? options.files : [undefined];
  const rows: string[][] = [];
  let failed = 0;
  try {
    for (const file of inputs) {
      const stream: Readable =
        file === undefined ? io.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
      const fileKey = jsonlFileKey(file);
      try {
        await detectLines(stream, detect, (threads + 1) * 3, async ({ batch, firstLine, findings }) => {
          if (options.format === 'jsonl')
            await writeOut(io.stdout, jsonlForBatch(types, batch, firstLine, findings, fileKey));
          else
            for (const line of findingsPerLine(types, batch, firstLine, findings))
              rows.push(...tableRows(file, line));
        });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EPIPE') return ExitCode.ok;
        if (!isReadError(error)) throw error;
        failed++;
        io.stderr.write(
          `piimap detect: ${file ?? 'stdin'}: cannot read it (${describeReadError(error)}); check the path and permissions\n`,
        );
      }
    }
  } finally {
    await pool?.close();
  }
  if (options.format === 'table') {
    await writeOut(
      io.stdout,
      rows.length > 0 ? formatTable(['LOCATION', 'TYPE', 'SCORE', 'MATCH (masked)'], rows) : '',
    );
    io.stderr.write(
      `${rows.length} finding(s) in ${inputs.length - failed} input(s)${failed ? `, ${failed} unreadable` : ''}\n`,
    );
  }
  return failed > 0 ? ExitCode.someAssetsFailed : ExitCode.ok;
}

async function inputBytes(files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return sizes.reduce((sum, size) => sum + size, 0);
}

function isReadError(error: unknown): boolean {
  return typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return errorMessage(error);
}
