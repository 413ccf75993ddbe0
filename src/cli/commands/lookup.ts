import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, writeOut } from '../io.js';

interface LookupFlags {
  catalog: string;
  json?: boolean;
  source?: string;
  asset?: string;
  field?: string;
}

export function registerLookup(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('lookup')
    .description(
      'Is this field PII? Its types, prevalence, confidence and evidence (exit 0 PII, 1 not, 5 unknown)',
    )
    .argument('[id]', 'SOURCE.ASSET.FIELD as export prints it; * matches anything (crm.public.users.*)')
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--source <name>', 'the source part, where the id is ambiguous (globs allowed)')
    .option('--asset <name>', 'the asset part')
    .option('--field <name>', 'the field part')
    .option('--json', 'print a JSON array of fields instead of the table')
    .action(async (id: string | undefined, flags: LookupFlags) => {
      // The command's code loads when it runs, not whenever the CLI starts.
      const [{ currentFields }, { SqliteCatalogStore }, { lookupFields }, { lookupRecord, lookupText }] =
        await Promise.all([
          import('../../catalog/catalog-queries.js'),
          import('../../catalog/catalog-store.js'),
          import('../../catalog/field-lookup.js'),
          import('../../report/lookup-output.js'),
        ]);
      const store = SqliteCatalogStore.open(flags.catalog, { readonly: true });
      let found;
      try {
        found = lookupFields(currentFields(store), {
          ...(id !== undefined && { id }),
          ...(flags.source !== undefined && { source: flags.source }),
          ...(flags.asset !== undefined && { asset: flags.asset }),
          ...(flags.field !== undefined && { field: flags.field }),
        });
      } finally {
        store.close();
      }
      const records = found.map(lookupRecord);
      if (flags.json) await writeOut(io.stdout, `${JSON.stringify(records, null, 2)}\n`);
      else if (records.length > 0) await writeOut(io.stdout, lookupText(records));
      if (records.length === 0) {
        io.stderr.write(
          `piimap: lookup ${id ?? ''}: no such field in ${flags.catalog}; piimap export lists every field's id\n`,
        );
        setExit(ExitCode.unknownField);
      } else setExit(records.some((r) => r.pii) ? ExitCode.ok : ExitCode.notPii);
    });
}
