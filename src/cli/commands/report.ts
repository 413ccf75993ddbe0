import { basename } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../shared/errors.js';
import { ExitCode } from '../exit-codes.js';
import { repeatable } from '../flag-lists.js';
import type { CliIo } from '../io.js';
import { readPiimapVersion } from '../version.js';

interface ReportFlags {
  catalog: string;
  html?: string;
  config?: string;
  detectors?: string[];
}

export function registerReport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('report')
    .description('Write the estate overview as one self-contained HTML file (no network, no external assets)')
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--html <file>', 'the HTML file to write (mode 0600; replaced whole)')
    .option('--config <file>', 'estate config whose detectors (detectors.paths) the scan used')
    .option(
      '--detectors <dir>',
      'also load detectors from this folder, as the scan did (repeatable)',
      repeatable,
    )
    .action(async (flags: ReportFlags) => {
      if (flags.html === undefined)
        throw new UsageError('report: --html FILE is required (the file to write)');
      // The command's code loads when it runs, not whenever the CLI starts.
      const [
        { catalogSources, currentFields },
        { SqliteCatalogStore },
        { PiiTaxonomy },
        { writeHtmlReport },
        { renderEstateReport },
        { detectorsFromFlags },
      ] = await Promise.all([
        import('../../catalog/catalog-queries.js'),
        import('../../catalog/catalog-store.js'),
        import('../../catalog/pii-taxonomy.js'),
        import('../../report/html/estate-report-file.js'),
        import('../../report/html/estate-report.js'),
        import('../detector-setup.js'),
      ]);
      // Detectors first: a bad detector folder is a config error before the catalog is read.
      const detectors = await detectorsFromFlags({
        ...(flags.config !== undefined && { config: flags.config }),
        ...(flags.detectors !== undefined && { detectors: flags.detectors }),
      });
      const store = SqliteCatalogStore.open(flags.catalog, { readonly: true });
      let text: string;
      let fieldCount: number;
      try {
        const fields = currentFields(store);
        fieldCount = fields.length;
        text = renderEstateReport({
          fields,
          taxonomy: new PiiTaxonomy(detectors.map((d) => d.definition)),
          kinds: new Map(catalogSources(store).map((s) => [s.name, s.kind])),
          catalogName: basename(flags.catalog),
          generatedAt: new Date().toISOString(),
          version: readPiimapVersion(),
        });
      } finally {
        store.close();
      }
      await writeHtmlReport(flags.html, text);
      io.stderr.write(
        `piimap report: wrote ${flags.html} (${fieldCount.toLocaleString('en-US')} fields, ${Math.ceil(Buffer.byteLength(text) / 1024).toLocaleString('en-US')} KiB)\n`,
      );
      setExit(ExitCode.ok);
    });
}
