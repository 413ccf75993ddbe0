import { userInfo } from 'node:os';
import type { Command } from 'commander';
import type { CurrentFinding } from '../../catalog/catalog-queries.js';
import { UsageError } from '../../shared/errors.js';
import { ExitCode } from '../exit-codes.js';
import { type CliIo, writeOut } from '../io.js';

interface ReviewFlags {
  catalog: string;
  confirm?: boolean;
  reject?: boolean;
  setType?: string;
  type?: string;
  path?: string;
  note?: string;
  by?: string;
}

export function registerReview(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('review')
    .description("Record a person's decision on a field's finding; it holds across rescans")
    .argument('<id>', 'SOURCE.ASSET.FIELD of one field')
    .option('--catalog <file>', 'catalog file', 'piimap.db')
    .option('--confirm', 'the finding is right: a classification whatever its confidence')
    .option('--reject', 'the finding is wrong: not PII, until the evidence changes materially')
    .option('--set-type <type>', 'the field holds PII of another type')
    .option('--type <type>', 'which finding, when the field has several types')
    .option('--path <path>', 'which JSON path of the field ($.user.email); default the field itself')
    .option('--note <text>', 'why')
    .option('--by <name>', 'who decided (default: the OS user)')
    .action(async (id: string, flags: ReviewFlags) => {
      const decisions = [
        flags.confirm && 'confirmed',
        flags.reject && 'rejected',
        flags.setType && 'retyped',
      ];
      const chosen = decisions.filter(
        (d): d is 'confirmed' | 'rejected' | 'retyped' => typeof d === 'string',
      );
      if (chosen.length !== 1)
        throw new UsageError('review: give exactly one of --confirm, --reject or --set-type TYPE');
      const decision = chosen[0] as 'confirmed' | 'rejected' | 'retyped';
      // The command's code loads when it runs, not whenever the CLI starts.
      const [{ currentFields }, { SqliteCatalogStore }, { fieldId, lookupFields }] = await Promise.all([
        import('../../catalog/catalog-queries.js'),
        import('../../catalog/catalog-store.js'),
        import('../../catalog/field-lookup.js'),
      ]);
      const store = SqliteCatalogStore.open(flags.catalog);
      try {
        const fields = lookupFields(currentFields(store), { id });
        if (fields.length !== 1)
          throw new UsageError(
            fields.length === 0
              ? `review ${id}: no such field in ${flags.catalog}; piimap export lists every field's id`
              : `review ${id}: names ${fields.length} fields; review one field at a time`,
          );
        const field = fields[0] as (typeof fields)[number];
        const finding = pickFinding(field.findings, id, flags);
        const storedId = store.fieldId(field.source, field.asset, field.field) as number;
        store.recordReview({
          fieldId: storedId,
          path: finding.path,
          type: finding.type,
          decision,
          ...(flags.setType !== undefined && { newType: flags.setType }),
          reviewer: flags.by ?? userInfo().username,
          ...(flags.note !== undefined && { note: flags.note }),
          scanId: field.scanId,
          detector: finding.detector,
          prevalence: finding.prevalence,
          confidence: finding.confidence,
        });
        const what = `${fieldId(field)}${finding.path ? ` ${finding.path}` : ''} ${finding.type}`;
        const verdict = decision === 'retyped' ? `retyped as ${flags.setType ?? ''}` : decision;
        await writeOut(io.stdout, `${what}: ${verdict}\n`);
      } finally {
        store.close();
      }
      setExit(ExitCode.ok);
    });
}

/** The finding a review is about: the field's own (or --path's), of --type or its only type. */
function pickFinding(findings: readonly CurrentFinding[], id: string, flags: ReviewFlags): CurrentFinding {
  const path = flags.path ?? '';
  const onPath = findings.filter((f) => f.path === path);
  const types = [...new Set(onPath.map((f) => f.type))];
  const type = flags.type ?? (types.length === 1 ? types[0] : undefined);
  if (type === undefined)
    throw new UsageError(
      types.length === 0
        ? `review ${id}${path ? ` ${path}` : ''}: the scan found nothing to review there${findings.length > 0 ? ` (findings are on paths: ${[...new Set(findings.map((f) => f.path))].join(', ')}; use --path)` : ''}`
        : `review ${id}: it has several types (${types.join(', ')}); name one with --type`,
    );
  // The most confident detector's finding of that type is the one consumers see.
  const finding = onPath.find((f) => f.type === type);
  if (finding === undefined)
    throw new UsageError(
      `review ${id}: no ${type} finding${path ? ` at ${path}` : ''} (found: ${types.join(', ') || 'none'})`,
    );
  return finding;
}
