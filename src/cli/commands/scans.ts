import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, writeOut } from '../io.js';

export function registerScans(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('scans')
    .description('List the scans recorded in the catalog, newest first: status, who, where, assets')
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--json', 'print the full records (options, per-source errors) as JSON')
    .action(async (flags: { catalog: string; json?: boolean }) => {
      // The command's code loads when it runs, not whenever the CLI starts.
      const [{ SqliteCatalogStore }, { scanHistory }, { formatTable }] = await Promise.all([
        import('../../catalog/catalog-store.js'),
        import('../../catalog/scan-history.js'),
        import('../../report/detect-output.js'),
      ]);
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
            ['scan', 'status', 'started', 'took', 'by', 'assets ok', 'unchanged', 'failed', 'left'],
            scans.map((s) => [
              String(s.id),
              s.stopReason !== null ? `${s.status} (${s.stopReason})` : s.status,
              s.startedAt,
              s.durationMs !== null ? formatDuration(s.durationMs) : '-',
              `${s.user}@${s.host}`,
              String(s.assets.committed + s.assets.metadataOnly),
              String(s.assets.unchanged),
              String(s.assets.failed + s.sources.filter((source) => source.error !== null).length),
              String(s.assets.deferred),
            ]),
          ),
        );
      setExit(ExitCode.ok);
    });
}

/** `850 ms`, `42 s`, `1 h 05 min`: as long as a person needs to read a scan's duration. */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
