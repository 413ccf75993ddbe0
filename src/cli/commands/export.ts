import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { currentFields } from '../../catalog/catalog-queries.js';
import { SqliteCatalogStore } from '../../catalog/catalog-store.js';
import { catalogCsv } from '../../exporters/csv-exporter.js';
import { catalogJson } from '../../exporters/json-exporter.js';
import { UsageError } from '../../shared/errors.js';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, writeOut } from '../io.js';

const FORMATS = ['json', 'csv'] as const;

export function registerExport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('export')
    .description('Export the current catalog')
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'json')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (flags: { catalog: string; format: string; out?: string }) => {
      if (!(FORMATS as readonly string[]).includes(flags.format)) {
        throw new UsageError(`--format: "${flags.format}" is not a format; use ${FORMATS.join(', ')}`);
      }
      const store = SqliteCatalogStore.open(flags.catalog, { readonly: true });
      let text: string;
      try {
        const fields = currentFields(store);
        text =
          flags.format === 'csv' ? catalogCsv(fields) : `${JSON.stringify(catalogJson(fields), null, 2)}\n`;
      } finally {
        store.close();
      }
      if (flags.out === undefined) await writeOut(io.stdout, text);
      else await writeFile(flags.out, text);
      setExit(ExitCode.ok);
    });
}
