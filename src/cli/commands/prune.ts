import type { Command } from 'commander';
import type { PruneResult, ReclaimResult } from '../../catalog/prune-scans.js';
import type { ScanLock } from '../../catalog/scan-lock.js';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, writeOut } from '../io.js';

interface PruneFlags {
  keep: string;
  catalog: string;
  dryRun?: boolean;
  json?: boolean;
}

export function registerPrune(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('prune')
    .description(
      'Delete the history of all but the last N scans and reclaim the space (VACUUM); what the catalog says now stays',
    )
    .requiredOption('--keep <n>', 'how many of the latest scans keep their whole history (1 or more)')
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--dry-run', 'count what would be deleted, delete nothing (takes no lock)')
    .option('--json', 'print the counts as JSON')
    .addHelpText(
      'after',
      `
What the catalog says now stays: findings still current from an older scan (an asset skipped as
unchanged, or failing, since), what the kept scans and the next incremental scan build on, reviews
and the scans they name, running scans. Prune takes the catalog's lock like a scan (exit 3 while one
runs), then gives the freed space back to the file system: VACUUM (it may briefly need as much free
space as the catalog) and a WAL checkpoint; VACUUM is skipped, with a note, while another connection
writes.`,
    )
    .action(async (flags: PruneFlags) => setExit(await runPrune(flags, io)));
}

async function runPrune(flags: PruneFlags, io: CliIo): Promise<number> {
  // The command's code loads when it runs, not whenever the CLI starts.
  const [{ SqliteCatalogStore }, { pruneScans, reclaimSpace }, { ScanLock }, { positiveInteger }] =
    await Promise.all([
      import('../../catalog/catalog-store.js'),
      import('../../catalog/prune-scans.js'),
      import('../../catalog/scan-lock.js'),
      import('../estate-from-flags.js'),
    ]);
  const keep = positiveInteger(flags.keep, '--keep') as number;
  const dryRun = flags.dryRun === true;
  const store = SqliteCatalogStore.open(flags.catalog, { readonly: dryRun });
  if (store.migratedFrom)
    io.stderr.write(
      `piimap: catalog upgraded from schema v${store.migratedFrom.version} to v${store.migratedFrom.to}; backup at ${store.migratedFrom.backup}\n`,
    );
  let lock: ScanLock | undefined;
  let result: PruneResult;
  let space: ReclaimResult | undefined;
  try {
    // A dry run writes only temporary tables, so it needs no lock and never holds up a scan.
    if (!dryRun) {
      lock = ScanLock.acquire(store);
      if (lock.takenOver)
        io.stderr.write(`piimap: took over the catalog lock of a stale scan (${lock.takenOver.reason})\n`);
    }
    result = pruneScans(store, { keep, dryRun });
    if (!dryRun && Object.values(result.deleted).some((n) => n > 0)) space = reclaimSpace(store);
  } finally {
    lock?.release();
    store.close();
  }
  for (const note of space?.notes ?? []) io.stderr.write(`piimap: prune: ${note}\n`);
  await writeOut(
    io.stdout,
    flags.json ? `${JSON.stringify({ ...result, space: space ?? null }, null, 2)}\n` : `${summary(result)}\n`,
  );
  return ExitCode.ok;
}

/** `pruned 12 scans (3,402 findings); kept scans 13–20 and 2 older scans still in use` */
function summary(result: PruneResult): string {
  const { deleted, kept } = result;
  const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;
  const parts = [
    `${result.dryRun ? 'would prune' : 'pruned'} ${count(deleted.scans, 'scan')} (${count(deleted.findings, 'finding')})`,
  ];
  let keptText =
    kept === null
      ? 'the catalog holds no scans'
      : kept.count === 1
        ? `kept scan ${kept.last}`
        : `kept scans ${kept.first}–${kept.last}`;
  if (result.stillInUse.length > 0)
    keptText += ` and ${count(result.stillInUse.length, 'older scan')} still in use`;
  parts.push(keptText);
  if (result.reviewed.length > 0)
    parts.push(`${count(result.reviewed.length, 'older scan')} kept for reviews (findings pruned)`);
  if (result.running.length > 0) parts.push(`running, not pruned: scan ${result.running.join(', ')}`);
  return parts.join('; ');
}
