import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { commaList, repeatable } from '../flag-lists.js';
import { type CliIo, writeOut } from '../io.js';

interface CheckFlags {
  config?: string;
  detectors?: string[];
  regions?: string[];
  json?: boolean;
}

export function registerCheck(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description(
      'Test each source: it connects, the session is read-only with a statement timeout, the server version, and which assets the scanning user may read; reads no rows',
    )
    .argument('[sources...]', 'sources, as for scan: a SQLite file, a folder, postgres://, mysql://, s3://')
    .option('--config <file>', 'estate config (catalog-schema/estate.schema.json)')
    .option(
      '--detectors <dir>',
      'also load detectors from this folder (repeatable; they mask keys)',
      repeatable,
    )
    .option('--regions <regions>', 'phone regions for national numbers, e.g. US,GB', commaList)
    .option('--json', 'print the results as JSON')
    .action(async (args: string[], flags: CheckFlags) => setExit(await runCheckCommand(args, flags, io)));
}

async function runCheckCommand(args: string[], flags: CheckFlags, io: CliIo): Promise<number> {
  // The command's code loads when it runs, not whenever the CLI starts.
  const [{ checkEstate }, { checkText }, { keyMaskingServices }, { estateDetectors, estateFromFlags }] =
    await Promise.all([
      import('../../planning/check-estate.js'),
      import('../../planning/check-text.js'),
      import('../../planning/key-masking.js'),
      import('../estate-from-flags.js'),
    ]);
  const estate = await estateFromFlags('check', args, flags.config);
  const regions = flags.regions ?? estate.config.defaultRegions;
  const check = await checkEstate({
    sources: estate.sources,
    baseDir: estate.baseDir,
    allowAssets: estate.config.allow?.assets ?? [],
    services: keyMaskingServices(
      await estateDetectors(estate, flags.detectors),
      regions ? { defaultRegions: regions } : {},
    ),
  });
  await writeOut(io.stdout, flags.json ? `${JSON.stringify(check, null, 2)}\n` : checkText(check));
  return check.ok ? ExitCode.ok : ExitCode.someAssetsFailed;
}
