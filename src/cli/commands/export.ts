import { type FileHandle, open } from 'node:fs/promises';
import type { Command } from 'commander';
import type { CurrentField } from '../../catalog/catalog-queries.js';
import type { SqliteCatalogStore } from '../../catalog/catalog-store.js';
import type { ActivitiesFile } from '../../exporters/gdpr-activities.js';
import type { GdprDetectorInfo } from '../../exporters/gdpr-records.js';
import { UsageError } from '../../shared/errors.js';
import { ExitCode } from '../exit-codes.js';
import { repeatable } from '../flag-lists.js';
import { type CliIo, writeOut } from '../io.js';

interface ExportFlags {
  catalog: string;
  format: string;
  out?: string;
  activities?: string;
  config?: string;
  detectors?: string[];
  sql?: string;
  minConfidence?: string;
}

/** What every format may need, gathered before the catalog is read. */
interface ExportInputs {
  store: SqliteCatalogStore;
  fields: CurrentField[];
  detectors: () => Promise<GdprDetectorInfo[]>;
  activities: ActivitiesFile | undefined;
  /** masking: the SQL of masked views instead of the policy. */
  sql: 'postgres' | 'mysql' | undefined;
  minConfidence: number | undefined;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * One entry per format: adding a format is adding a line. Each loads its exporter when it runs, so
 * the CLI starts without them (the CSV writer loads only for the CSV formats, mysql2 only for
 * --sql mysql: maskingSql).
 */
const FORMATS: Record<string, (inputs: ExportInputs) => Promise<string>> = {
  json: async ({ fields }) => json((await import('../../exporters/json-exporter.js')).catalogJson(fields)),
  csv: async ({ fields }) => (await import('../../exporters/csv-exporter.js')).catalogCsv(fields),
  gdpr: async (inputs) => json(await dataMap(inputs)),
  masking: async ({ store, fields, sql, minConfidence }) => {
    const [{ catalogSourceKinds, maskingPolicy }, { maskingSql }] = await Promise.all([
      import('../../exporters/masking-policy.js'),
      import('../../exporters/masking-sql.js'),
    ]);
    const policy = maskingPolicy(fields, catalogSourceKinds(store), {
      ...(minConfidence !== undefined && { minConfidence }),
    });
    return sql === undefined ? json(policy) : await maskingSql(policy, sql);
  },
  'gdpr-csv': async (inputs) => {
    const { gdprCsv } = await import('../../exporters/gdpr-csv.js');
    return gdprCsv(await dataMap(inputs));
  },
};

async function dataMap({ store, fields, detectors, activities }: ExportInputs) {
  const [{ gdprDataMap }, { catalogSources }] = await Promise.all([
    import('../../exporters/gdpr-data-map.js'),
    import('../../catalog/catalog-queries.js'),
  ]);
  return gdprDataMap(fields, await detectors(), catalogSources(store), activities);
}

export function registerExport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const names = Object.keys(FORMATS);
  program
    .command('export')
    .description('Export the current catalog')
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--format <format>', `output format: ${names.join(', ')}`, 'json')
    .option('--out <file>', 'write to this file instead of stdout')
    .option(
      '--activities <file>',
      'gdpr formats: processing activities to join (catalog-schema/activities.schema.json)',
    )
    .option(
      '--sql <dialect>',
      'masking: print the SQL of masked views (postgres or mysql) instead of the policy',
    )
    .option('--min-confidence <n>', 'masking: unreviewed findings count from this confidence (default 0.5)')
    .option('--config <file>', 'estate config whose detectors (detectors.paths) the scan used')
    .option(
      '--detectors <dir>',
      'also load detectors from this folder, as the scan did (repeatable)',
      repeatable,
    )
    .action(async (flags: ExportFlags) => {
      const format = FORMATS[flags.format];
      if (format === undefined)
        throw new UsageError(`--format: "${flags.format}" is not a format; use ${names.join(', ')}`);
      if (flags.activities !== undefined && !flags.format.startsWith('gdpr'))
        throw new UsageError('--activities: only the gdpr and gdpr-csv formats join processing activities');
      if (flags.sql !== undefined && flags.format !== 'masking')
        throw new UsageError('--sql: only the masking format prints SQL');
      if (flags.sql !== undefined && flags.sql !== 'postgres' && flags.sql !== 'mysql')
        throw new UsageError(`--sql: "${flags.sql}" is not a dialect; use postgres or mysql`);
      const minConfidence = flags.minConfidence === undefined ? undefined : Number(flags.minConfidence);
      if (minConfidence !== undefined && !(minConfidence >= 0 && minConfidence <= 1))
        throw new UsageError(`--min-confidence: "${flags.minConfidence}" is not a number from 0 to 1`);
      const [{ currentFields }, { SqliteCatalogStore }] = await Promise.all([
        import('../../catalog/catalog-queries.js'),
        import('../../catalog/catalog-store.js'),
      ]);
      // A bad activities file is a config error before the catalog is read.
      let activities: ActivitiesFile | undefined;
      if (flags.activities !== undefined) {
        const { loadActivities } = await import('../../exporters/gdpr-activities.js');
        activities = await loadActivities(flags.activities);
      }
      const store = SqliteCatalogStore.open(flags.catalog, { readonly: true });
      let text: string;
      try {
        text = await format({
          store,
          fields: currentFields(store),
          // Only the gdpr formats ask for detectors: the others start without loading them.
          detectors: async () => {
            const { detectorsFromFlags } = await import('../detector-setup.js');
            const loaded = await detectorsFromFlags({
              ...(flags.config !== undefined && { config: flags.config }),
              ...(flags.detectors !== undefined && { detectors: flags.detectors }),
            });
            return loaded.map((d) => d.definition);
          },
          activities,
          sql: flags.sql as 'postgres' | 'mysql' | undefined,
          minConfidence,
        });
      } finally {
        store.close();
      }
      if (flags.out === undefined) await writeOut(io.stdout, text);
      else await writeOutFile(flags.out, text);
      setExit(ExitCode.ok);
    });
}

/**
 * `--out`: a new file is created readable and writable by its owner only, whatever the umask — an
 * export says where personal data lives, as the catalog does. An existing file is overwritten and
 * keeps its mode (and owner, and links): whoever set them chose them, as for the catalog.
 */
async function writeOutFile(path: string, text: string): Promise<void> {
  let file: FileHandle;
  let created = true;
  try {
    file = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    file = await open(path, 'w');
    created = false;
  }
  try {
    if (created) await file.chmod(0o600); // open's mode went through the umask; this one does not
    await file.writeFile(text);
  } finally {
    await file.close();
  }
}
