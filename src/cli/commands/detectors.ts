import type { Command } from 'commander';
import type { DetectorFlags } from '../detector-setup.js';
import { ExitCode } from '../exit-codes.js';
import { commaList, repeatable } from '../flag-lists.js';
import { type CliIo, writeOut } from '../io.js';

export function registerDetectors(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('detectors')
    .description('List the loaded detectors (built-in and from --detectors/config folders)')
    .option('--detectors <dir>', 'also load detectors from this folder (repeatable)', repeatable)
    .option('--types <types>', 'only these types or detector ids, comma-separated', commaList)
    .option('--config <file>', 'estate config to take detectors.* from')
    .option('--json', 'print JSON instead of a table')
    .action(async (flags: DetectorFlags & { json?: boolean }) => {
      // The command's code loads when it runs, not whenever the CLI starts.
      const [{ validatorNames }, { formatTable }, { detectorsFromFlags }] = await Promise.all([
        import('../../detection/detector-definition.js'),
        import('../../report/detect-output.js'),
        import('../detector-setup.js'),
      ]);
      const loaded = await detectorsFromFlags(flags);
      if (flags.json) {
        const list = loaded.map(({ definition: d, file, builtIn, overrides }) => ({
          id: d.id,
          type: d.type,
          category: d.category,
          specialCategory: d.specialCategory,
          sensitivity: d.sensitivity,
          patterns: d.patterns.map((p) => p.name),
          validators: validatorNames(d),
          file,
          builtIn,
          ...(overrides && { overrides }),
        }));
        await writeOut(io.stdout, JSON.stringify(list, null, 2) + '\n');
      } else {
        const rows = loaded.map(({ definition: d, file, builtIn, overrides }) => [
          d.id,
          d.type,
          d.category,
          d.sensitivity,
          d.patterns.map((p) => p.name + (p.requiresEvidence ? '*' : '')).join(','),
          validatorNames(d).join(',') || '-',
          builtIn ? 'built-in' : overrides ? `${file} (overrides built-in)` : file,
        ]);
        await writeOut(
          io.stdout,
          formatTable(['ID', 'TYPE', 'CATEGORY', 'SENSITIVITY', 'PATTERNS', 'VALIDATORS', 'SOURCE'], rows),
        );
        io.stderr.write(
          `${loaded.length} detector(s); * = the pattern needs column-name or context evidence\n`,
        );
      }
      setExit(ExitCode.ok);
    });
}
