import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Command } from 'commander';
import { lineBatches } from '../../detection/line-batches.js';
import { runDetectors } from '../../detection/run-detectors.js';
import { findingsPerLine, formatTable, jsonlFileKey, jsonlLine, tableRows } from '../../report/detect-output.js';
import { UsageError, errorMessage } from '../../shared/errors.js';
import { type DetectorFlags, commaList, engineFromFlags } from '../detector-setup.js';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, writeOut } from '../io.js';

export interface DetectOptions extends DetectorFlags {
  format: 'jsonl' | 'table';
  files: string[];
}

export function registerDetect(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('detect')
    .description('Find PII in text files or stdin, one result per line')
    .argument('[files...]', 'files to read (stdin when none)')
    .option('--format <format>', 'jsonl (default when piped) or table (default on a terminal)')
    .option('--types <types>', 'only these types or detector ids, comma-separated', commaList)
    .option('--detectors <dir>', 'also load detectors from this folder (repeatable)', (v, p: string[] = []) => [...p, v])
    .option('--regions <regions>', 'phone regions for national numbers, e.g. US,GB (default US)', commaList)
    .option('--config <file>', 'estate config to take detectors.* and defaultRegions from')
    .action(async (files: string[], flags: Omit<DetectOptions, 'files' | 'format'> & { format?: string }) => {
      const format = flags.format ?? (io.stdoutIsTTY ? 'table' : 'jsonl');
      if (format !== 'jsonl' && format !== 'table') {
        throw new UsageError(`--format: "${format}" is not a format; use jsonl or table`);
      }
      setExit(await runDetect({ ...flags, format, files }, io));
    });
}

/** Reads each input, detects per line, prints as asked. Returns the exit code. */
export async function runDetect(options: DetectOptions, io: CliIo): Promise<number> {
  const engine = await engineFromFlags(options);
  const typeFilter = options.types ? new Set(engine.detectors.map((d) => d.type)) : undefined;
  const plan = engine.fieldPlan();
  const inputs: (string | undefined)[] = options.files.length > 0 ? options.files : [undefined];
  const tableRowsOut: string[][] = [];
  let failed = 0;
  for (const file of inputs) {
    const stream: Readable = file === undefined ? io.stdin : createReadStream(file, { highWaterMark: 1 << 20 });
    const fileKey = jsonlFileKey(file);
    try {
      for await (const { batch, firstLine } of lineBatches(stream)) {
        const findings = runDetectors(engine, batch, plan);
        const lines = findingsPerLine(engine, batch, firstLine, findings, {
          includeEmpty: options.format === 'jsonl',
          ...(typeFilter && { typeFilter }),
        });
        if (options.format === 'jsonl') {
          let out = '';
          for (const line of lines) out += jsonlLine(fileKey, line);
          await writeOut(io.stdout, out);
        } else {
          for (const line of lines) tableRows(file, line).forEach((row) => tableRowsOut.push(row));
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') return ExitCode.ok;
      failed++;
      io.stderr.write(`piimap detect: ${file ?? 'stdin'}: cannot read it (${describeReadError(error)}); check the path and permissions\n`);
    }
  }
  if (options.format === 'table') {
    await writeOut(io.stdout, tableRowsOut.length > 0 ? formatTable(['LOCATION', 'TYPE', 'SCORE', 'MATCH (masked)'], tableRowsOut) : '');
    io.stderr.write(`${tableRowsOut.length} finding(s) in ${inputs.length - failed} input(s)${failed ? `, ${failed} unreadable` : ''}\n`);
  }
  return failed > 0 ? ExitCode.someAssetsFailed : ExitCode.ok;
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return errorMessage(error);
}
