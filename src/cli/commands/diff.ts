import type { Command } from 'commander';
import type { DiffReport } from '../../diff/diff-report.js';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, writeOut } from '../io.js';

interface DiffFlags {
  catalog: string;
  from?: string;
  to?: string;
  json?: boolean;
  failOnNew?: boolean;
}

export function registerDiff(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('diff')
    .description(
      'What changed between two scans: fields that became or stopped being PII, types, confidence, assets',
    )
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--from <scan>', 'the earlier scan (default: the completed scan before --to)')
    .option('--to <scan>', 'the later scan (default: the latest completed scan)')
    .option('--json', 'print the changes as JSON')
    .option('--fail-on-new', 'exit 4 when a field became PII or a new asset holds PII')
    .action(async (flags: DiffFlags) => {
      // The command's code loads when it runs, not whenever the CLI starts.
      const [
        { fieldsAsOf },
        { SqliteCatalogStore },
        { diffCatalogs },
        { diffReport },
        { chooseScans, parseScanId },
        { diffText },
      ] = await Promise.all([
        import('../../catalog/catalog-as-of.js'),
        import('../../catalog/catalog-store.js'),
        import('../../diff/catalog-diff.js'),
        import('../../diff/diff-report.js'),
        import('../../diff/diff-scans.js'),
        import('../../diff/diff-text.js'),
      ]);
      const wanted = { from: parseScanId('--from', flags.from), to: parseScanId('--to', flags.to) };
      const store = SqliteCatalogStore.open(flags.catalog, { readonly: true });
      let report: DiffReport;
      try {
        const choice = chooseScans(store, flags.catalog, wanted);
        if ('nothingToCompare' in choice) {
          io.stderr.write(`piimap: ${choice.nothingToCompare}\n`);
          setExit(ExitCode.ok);
          return;
        }
        const { from, to } = choice;
        report = diffReport(from, to, diffCatalogs(fieldsAsOf(store, from.id), fieldsAsOf(store, to.id)));
      } finally {
        store.close();
      }
      await writeOut(io.stdout, flags.json ? `${JSON.stringify(report, null, 2)}\n` : diffText(report));
      if (flags.failOnNew && report.newPii) {
        io.stderr.write(
          `piimap: diff: new PII since scan ${report.from.id}: ${report.summary.becamePii} field(s) became PII, ${report.newAssets.filter((a) => a.pii.length > 0).length} new asset(s) hold PII\n`,
        );
        setExit(ExitCode.newPii);
      } else setExit(ExitCode.ok);
    });
}
