import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';

/** What a scan tells the person (or tool) running it, as it goes. */
export type ScanEvent =
  | {
      event: 'scan-started';
      scanId: number;
      catalog: string;
      sources: number;
      /** `--resume`: the scan continues an interrupted one (same id); its committed assets are kept. */
      resumed?: boolean;
      /** `--changed-only` or a source's `incremental`: unchanged assets are skipped. */
      incremental?: boolean;
    }
  | { event: 'source-failed'; source: string; error: string }
  /** `assets`: listed; `alreadyCommitted`: done before an interruption (`--resume`), not scanned again. */
  | { event: 'source-listed'; source: string; assets: number; alreadyCommitted?: number }
  | { event: 'source-warning'; source: string; warning: string }
  | { event: 'asset-started'; source: string; asset: string }
  | {
      event: 'asset-committed';
      source: string;
      asset: string;
      samplingMethod: string;
      rowsSampled: number;
      fields: number;
      piiFields: { field: string; types: string[] }[];
    }
  | { event: 'asset-failed'; source: string; asset: string; error: string }
  /** Incremental: the fingerprint matches its last scan's; its findings stay those of `lastScanId`. */
  | { event: 'asset-unchanged'; source: string; asset: string; lastScanId: number; lastScannedAt: string }
  /** Not scanned because the time budget ran out: the next run starts with it. */
  | { event: 'asset-deferred'; source: string; asset: string; reason: 'time-budget' }
  /** The time budget ran out: no new asset starts; `assetsLeft` were left for the next run. */
  | { event: 'budget-exhausted'; budgetMs: number; assetsLeft: number }
  | {
      event: 'summary';
      scanId: number;
      status: string;
      /** Why it stopped before the end: `time-budget`, `SIGINT`, `SIGTERM`. */
      stopReason?: string;
      durationMs: number;
      sources: SourceSummary[];
    };

export interface SourceSummary {
  source: string;
  assetsScanned: number;
  assetsFailed: number;
  /** Incremental: skipped as unchanged since their last scan. */
  assetsUnchanged: number;
  /** Left for the next run by the time budget. */
  assetsDeferred: number;
  error?: string;
  piiFieldsByType: Record<string, number>;
}

export type ScanReporter = (event: ScanEvent) => void;

/** `--json`: one event per line, as documented in the README. */
export function jsonReporter(out: Writable): ScanReporter {
  return (event) => out.write(`${JSON.stringify(event)}\n`);
}

/** Plain lines for a person (stderr), one per asset, and the summary. */
export function textReporter(out: Writable): ScanReporter {
  return (event) => {
    switch (event.event) {
      case 'scan-started':
        out.write(`piimap scan ${event.scanId}: ${event.sources} source(s) into ${event.catalog}\n`);
        break;
      case 'source-failed':
        out.write(`  ${event.source}: FAILED — ${event.error}\n`);
        break;
      case 'asset-committed': {
        const pii = event.piiFields.map((f) => `${f.field} (${f.types.join(', ')})`).join('; ');
        out.write(
          `  ${event.source}.${event.asset}: ${event.fields} fields, ${event.rowsSampled} rows (${event.samplingMethod})` +
            `${pii ? ` — PII: ${pii}` : ''}\n`,
        );
        break;
      }
      case 'source-warning':
        out.write(`  ${event.source}: warning — ${event.warning}\n`);
        break;
      case 'asset-failed':
        out.write(`  ${event.source}.${event.asset}: FAILED — ${event.error}\n`);
        break;
      case 'summary':
        out.write(`scan ${event.scanId} ${event.status}\n`);
        for (const s of event.sources) {
          const types = Object.entries(s.piiFieldsByType)
            .map(([type, n]) => `${type} ${n}`)
            .join(', ');
          out.write(
            `  ${s.source}: ${s.assetsScanned} asset(s) scanned, ${s.assetsFailed} failed` +
              `${s.error ? ` (${s.error})` : ''}; PII fields: ${types || 'none'}\n`,
          );
        }
        break;
      default:
        break;
    }
  };
}

/**
 * On a terminal: a progress bar per source (assets done/total, rows sampled, PII fields so far),
 * with failures and the summary printed as lines.
 */
export function progressReporter(out: NodeJS.WriteStream): ScanReporter {
  const lines = textReporter(out);
  let bar: cliProgress.SingleBar | undefined;
  let rows = 0;
  let pii = 0;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return (event) => {
    switch (event.event) {
      case 'source-listed':
        stop();
        rows = 0;
        pii = 0;
        bar = new cliProgress.SingleBar(
          {
            stream: out,
            format: `  ${event.source} [{bar}] {value}/{total} assets | {rows} rows sampled | {pii} PII fields`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(event.assets, 0, { rows, pii });
        break;
      case 'asset-committed':
        rows += event.rowsSampled;
        pii += event.piiFields.length;
        bar?.increment(1, { rows, pii });
        break;
      case 'asset-failed':
        bar?.increment(1, { rows, pii });
        break;
      case 'summary':
        stop();
        lines(event);
        break;
      case 'asset-started':
        break;
      default:
        stop();
        lines(event);
    }
  };
}
