import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { commaList, repeatable } from '../flag-lists.js';
import { type CliIo, writeOut } from '../io.js';

interface PlanFlags {
  config?: string;
  full?: boolean;
  sampleSize?: string;
  seed?: string;
  detectors?: string[];
  regions?: string[];
  json?: boolean;
}

export function registerPlan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('plan')
    .description(
      'Dry run of scan: the assets it would read, how each would be sampled, row estimates, and whether the scanning user may read them; reads no rows',
    )
    .argument('[sources...]', 'sources, as for scan: a SQLite file, a folder, postgres://, mysql://, s3://')
    .option('--config <file>', 'estate config (catalog-schema/estate.schema.json)')
    .option('--full', 'plan for reading every row instead of sampling')
    .option('--sample-size <rows>', 'rows sampled per table (default 10000)')
    .option('--seed <n>', 'repeatable sampling, as for scan')
    .option(
      '--detectors <dir>',
      'also load detectors from this folder (repeatable; they mask keys)',
      repeatable,
    )
    .option('--regions <regions>', 'phone regions for national numbers, e.g. US,GB', commaList)
    .option('--json', 'print the plan as JSON')
    .action(async (args: string[], flags: PlanFlags) => setExit(await runPlanCommand(args, flags, io)));
}

async function runPlanCommand(args: string[], flags: PlanFlags, io: CliIo): Promise<number> {
  // The command's code loads when it runs, not whenever the CLI starts.
  const [
    { planEstate, planFailures },
    { planText },
    { keyMaskingServices },
    { estateDetectors, estateFindingFilter, estateFromFlags, positiveInteger },
  ] = await Promise.all([
    import('../../planning/plan-estate.js'),
    import('../../planning/plan-text.js'),
    import('../../planning/key-masking.js'),
    import('../estate-from-flags.js'),
  ]);
  const estate = await estateFromFlags('plan', args, flags.config);
  const { config } = estate;
  const allow = config.allow ?? {};
  estateFindingFilter(allow); // a scan would stop on a bad allow pattern; so does its plan
  const sampleSize = positiveInteger(flags.sampleSize, '--sample-size') ?? config.sampleSize ?? 10_000;
  const seed = positiveInteger(flags.seed, '--seed');
  const regions = flags.regions ?? config.defaultRegions;
  const services = keyMaskingServices(
    await estateDetectors(estate, flags.detectors),
    regions ? { defaultRegions: regions } : {},
  );
  const plan = await planEstate({
    sources: estate.sources,
    baseDir: estate.baseDir,
    sample: {
      sampleSize,
      maxValueBytes: config.maxValueBytes ?? 65_536,
      full: flags.full === true,
      ...(seed !== undefined && { seed }),
    },
    allowAssets: allow.assets ?? [],
    services,
  });
  await writeOut(io.stdout, flags.json ? `${JSON.stringify(plan, null, 2)}\n` : planText(plan));
  return planFailures(plan) > 0 ? ExitCode.someAssetsFailed : ExitCode.ok;
}
