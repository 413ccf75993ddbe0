import type { Command } from 'commander';
import { SqliteCatalogStore } from '../../catalog/catalog-store.js';
import { scanHistory } from '../../catalog/scan-history.js';
import { formatTable } from '../../report/detect-output.js';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, writeOut } from '../io.js';

export function registerScans(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('scans')
    .description('List the scans recorded in the catalog, newest first: status, who, where, assets')
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--json', 'print the full records (options, per-source errors) as JSON')
    .action(async (flags: { catalog: string; json?: boolean }) => {
      const store = SqliteCatalogStore.open(flags.catalog, { readonly: true });
      let scans;
      try {
        scans = scanHistory(store);
      } finally {
        store.close();
      }
      if (flags.json) await writeOut(io.stdout, `${JSON.stringify(scans, null, 2)}\n`);
      else
        await writeOut(
          io.stdout,
          formatTable(
            ['scan', 'status', 'started', 'finished', 'by', 'assets ok', 'failed'],
            scans.map((s) => [
              String(s.id),
              s.status,
              s.startedAt,
              s.finishedAt ?? '-',
              `${s.user}@${s.host}`,
              String(s.assets.committed + s.assets.metadataOnly),
              String(s.assets.failed),
            ]),
          ),
        );
      setExit(ExitCode.ok);
    });
}
