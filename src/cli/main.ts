import { Command, CommanderError } from 'commander';
import { PiimapError, errorMessage } from '../shared/errors.js';
import { registerCheck } from './commands/check.js';
import { registerDetect } from './commands/detect.js';
import { registerDetectors } from './commands/detectors.js';
import { registerDiff } from './commands/diff.js';
import { registerExport } from './commands/export.js';
import { registerLookup } from './commands/lookup.js';
import { registerPlan } from './commands/plan.js';
import { registerPrune } from './commands/prune.js';
import { registerReport } from './commands/report.js';
import { registerReview } from './commands/review.js';
import { registerScan } from './commands/scan.js';
import { registerScans } from './commands/scans.js';
import { registerServe } from './commands/serve.js';
import { registerWorker } from './commands/worker.js';
import { ExitCode } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { readPiimapVersion } from './version.js';

/** Runs the CLI and returns the exit code; the only place errors become messages and codes. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command('piimap')
    .description('Find personal data (PII) across databases, object stores and log files')
    .version(readPiimapVersion())
    .exitOverride()
    .showHelpAfterError('(run piimap --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerDetect(program, io, setExit);
  registerDetectors(program, io, setExit);
  registerScan(program, io, setExit);
  registerExport(program, io, setExit);
  registerLookup(program, io, setExit);
  registerReview(program, io, setExit);
  registerScans(program, io, setExit);
  registerPrune(program, io, setExit);
  registerDiff(program, io, setExit);
  registerServe(program, io, setExit);
  registerReport(program, io, setExit);
  registerPlan(program, io, setExit);
  registerCheck(program, io, setExit);
  registerWorker(program, io, setExit);
  program.commands.forEach((command) => command.exitOverride());

  try {
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (error) {
    return exitCodeFor(error, io);
  }
}

function exitCodeFor(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Help and --version end with code 0; everything else commander rejects is a usage error.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof PiimapError) {
    io.stderr.write(`piimap: ${error.message}\n`);
    if (error.code === 'CATALOG') return ExitCode.catalogWriteFailed;
    if (error.code === 'LOCKED') return ExitCode.catalogLocked;
    return error.code === 'INPUT' || error.code === 'SOURCE' ? ExitCode.someAssetsFailed : ExitCode.usage;
  }
  io.stderr.write(`piimap: unexpected error: ${errorMessage(error)}\n`);
  if (process.env.PIIMAP_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return ExitCode.someAssetsFailed;
}
