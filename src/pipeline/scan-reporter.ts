import type { Writable } from 'node:stream';
import cliProgress from 'cli-progress';
import { UsageError } from '../shared/errors.js';

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
      /** Cataloged from its field names alone (the values could not be read), and why. */
      metadataOnly?: string;
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

/** How bad an event is, in the logs: `--quiet` keeps `warn` and `error`. */
export type LogLevel = 'info' | 'warn' | 'error';

/** `--log-format`: lines for a person, or one JSON object per line for a log collector. */
export type LogFormat = 'text' | 'json';

export interface ScanReporterOptions {
  /** `--json`: every event, one JSON object per line, on stdout (the documented event stream). */
  json: boolean;
  /** `--log-format`; undefined when not given: text, or no logs at all beside `--json`. */
  logFormat?: LogFormat | undefined;
  /** `--quiet`: only warn and error lines, so a healthy cron run prints nothing. */
  quiet: boolean;
  stdout: Writable;
  /** Where logs go. */
  stderr: Writable;
  /** stderr is a terminal: text logs become a progress bar per source. */
  isTTY: boolean;
}

/**
 * The reporter for `piimap scan`'s options: `--json` events on stdout, and logs on stderr (a
 * progress bar, text lines or JSON lines). `--json` alone logs nothing, as it always has; with
 * `--log-format` it also logs.
 */
export function scanReporter(options: ScanReporterOptions): ScanReporter {
  const reporters: ScanReporter[] = [];
  if (options.json) reporters.push(jsonReporter(options.stdout));
  const format = options.logFormat ?? (options.json ? undefined : 'text');
  const { quiet, stderr } = options;
  if (format === 'json') reporters.push(jsonLogReporter(stderr, { quiet }));
  else if (format === 'text')
    reporters.push(options.isTTY && !quiet ? progressReporter(stderr) : textReporter(stderr, { quiet }));
  return (event) => {
    for (const report of reporters) report(event);
  };
}

/** `--log-format` as given on the command line. */
export function parseLogFormat(value: string | undefined): LogFormat | undefined {
  if (value === undefined || value === 'text' || value === 'json') return value;
  throw new UsageError(`--log-format: "${value}" is not text or json`);
}

/** `--json`: one event per line, as documented in the README. */
export function jsonReporter(out: Writable): ScanReporter {
  return (event) => out.write(`${JSON.stringify(event)}\n`);
}

/** `--log-format json`: `{ts, level, msg, event, ...the event's fields}`, one per line. */
export function jsonLogReporter(out: Writable, { quiet = false } = {}): ScanReporter {
  return (event) => {
    const level = eventLevel(event);
    if (quiet && level === 'info') return;
    const line = { ts: new Date().toISOString(), level, msg: eventMessage(event), ...event };
    out.write(`${JSON.stringify(line)}\n`);
  };
}

/** Failures are errors; what leaves assets or findings behind is a warning; a summary warns if anything failed. */
export function eventLevel(event: ScanEvent): LogLevel {
  switch (event.event) {
    case 'asset-failed':
    case 'source-failed':
      return 'error';
    case 'source-warning':
    case 'budget-exhausted':
    case 'asset-deferred':
      return 'warn';
    case 'asset-committed':
      return event.metadataOnly !== undefined ? 'warn' : 'info';
    case 'summary':
      return event.sources.some((s) => s.assetsFailed > 0 || s.error !== undefined) ? 'warn' : 'info';
    default:
      return 'info';
  }
}

/** The event as one sentence (the JSON log's `msg`, and the text line of most events). */
export function eventMessage(event: ScanEvent): string {
  switch (event.event) {
    case 'scan-started': {
      const how = [event.resumed && 'resuming an interrupted scan', event.incremental && 'incremental'];
      const notes = how.filter((note) => typeof note === 'string').join(', ');
      return `piimap scan ${event.scanId}: ${event.sources} source(s) into ${event.catalog}${notes ? ` (${notes})` : ''}`;
    }
    case 'source-failed':
      return `${event.source}: FAILED — ${event.error}`;
    case 'source-listed': {
      const done = event.alreadyCommitted ?? 0;
      return (
        `${event.source}: ${event.assets} asset(s) listed` +
        (done > 0 ? `, ${done} already committed before the interruption` : '')
      );
    }
    case 'source-warning':
      return `${event.source}: warning — ${event.warning}`;
    case 'asset-started':
      return `${event.source}.${event.asset}: started`;
    case 'asset-committed': {
      const pii = event.piiFields.map((f) => `${f.field} (${f.types.join(', ')})`).join('; ');
      if (event.metadataOnly !== undefined)
        return (
          `${event.source}.${event.asset}: ${event.fields} fields cataloged from their names only — ${event.metadataOnly}` +
          (pii ? ` — PII by name: ${pii}` : '')
        );
      return (
        `${event.source}.${event.asset}: ${event.fields} fields, ${event.rowsSampled} rows (${event.samplingMethod})` +
        (pii ? ` — PII: ${pii}` : '')
      );
    }
    case 'asset-failed':
      return `${event.source}.${event.asset}: FAILED — ${event.error}`;
    case 'asset-unchanged':
      return `${event.source}.${event.asset}: unchanged since scan ${event.lastScanId} (${event.lastScannedAt}), its findings stand`;
    case 'asset-deferred':
      return `${event.source}.${event.asset}: left for the next run (the time budget ran out)`;
    case 'budget-exhausted':
      return `time budget of ${duration(event.budgetMs)} ran out: ${event.assetsLeft} asset(s) left for the next run`;
    case 'summary': {
      const total = (key: 'assetsScanned' | 'assetsFailed' | 'assetsUnchanged' | 'assetsDeferred') =>
        event.sources.reduce((sum, s) => sum + s[key], 0);
      const failedSources = event.sources.filter((s) => s.error !== undefined).length;
      return (
        `${summaryHead(event)}: ${total('assetsScanned')} asset(s) scanned, ${total('assetsFailed')} failed, ` +
        `${total('assetsUnchanged')} unchanged, ${total('assetsDeferred')} deferred; ` +
        `${event.sources.length} source(s)${failedSources > 0 ? `, ${failedSources} failed` : ''}`
      );
    }
  }
}

/** Plain lines for a person (stderr): one per scanned or failed asset, and the summary by source. */
export function textReporter(out: Writable, { quiet = false } = {}): ScanReporter {
  return (event) => {
    if (quiet && eventLevel(event) === 'info') return;
    out.write(textLines(event));
  };
}

/**
 * The text view of an event ('' for none). Unchanged and deferred assets get no line of their own
 * (an incremental run would list every asset): the summary counts them per source.
 */
function textLines(event: ScanEvent): string {
  switch (event.event) {
    case 'scan-started':
    case 'budget-exhausted':
      return `${eventMessage(event)}\n`;
    case 'source-listed':
      return (event.alreadyCommitted ?? 0) > 0 ? `  ${eventMessage(event)}\n` : '';
    case 'asset-started':
    case 'asset-unchanged':
    case 'asset-deferred':
      return '';
    case 'summary':
      return summaryText(event);
    default:
      return `  ${eventMessage(event)}\n`;
  }
}

function summaryText(event: Extract<ScanEvent, { event: 'summary' }>): string {
  const lines = event.sources.map((s) => {
    const types = Object.entries(s.piiFieldsByType)
      .map(([type, n]) => `${type} ${n}`)
      .join(', ');
    const skipped = [
      s.assetsUnchanged > 0 && `${s.assetsUnchanged} unchanged`,
      s.assetsDeferred > 0 && `${s.assetsDeferred} deferred`,
    ].filter((part) => typeof part === 'string');
    return (
      `  ${s.source}: ${s.assetsScanned} asset(s) scanned, ${s.assetsFailed} failed` +
      `${skipped.map((part) => `, ${part}`).join('')}` +
      `${s.error ? ` (${s.error})` : ''}; PII fields: ${types || 'none'}\n`
    );
  });
  return `${summaryHead(event)}\n${lines.join('')}`;
}

function summaryHead(event: Extract<ScanEvent, { event: 'summary' }>): string {
  const stopped = event.stopReason !== undefined ? ` (stopped: ${event.stopReason})` : '';
  return `scan ${event.scanId} ${event.status}${stopped} in ${duration(event.durationMs)}`;
}

/** 850 ms, 12.3 s, 4 min 5 s, 1 min, 2 h 3 min. */
function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return joinUnits(Math.floor(seconds / 60), 'min', seconds % 60, 's');
  const minutes = Math.round(seconds / 60);
  return joinUnits(Math.floor(minutes / 60), 'h', minutes % 60, 'min');
}

function joinUnits(big: number, bigUnit: string, small: number, smallUnit: string): string {
  return `${big} ${bigUnit}${small > 0 ? ` ${small} ${smallUnit}` : ''}`;
}

/**
 * On a terminal: a progress bar per source (assets done/total, rows sampled, PII fields so far),
 * with failures, warnings and the summary printed as lines above it. The total leaves out what a
 * resumed scan had already committed; committed, failed, unchanged and deferred assets advance it.
 */
export function progressReporter(out: Writable): ScanReporter {
  let bars: cliProgress.MultiBar | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let rows = 0;
  let pii = 0;
  const stop = () => {
    // update() prints what was logged since the last redraw; stop() would drop it.
    bars?.update();
    bars?.stop();
    bars = undefined;
    bar = undefined;
  };
  const print = (text: string) => {
    if (text === '') return;
    if (bars) bars.log(text);
    else out.write(text);
  };
  const advance = () => bar?.increment(1, { rows, pii });
  return (event) => {
    switch (event.event) {
      case 'source-listed':
        stop();
        print(textLines(event));
        rows = 0;
        pii = 0;
        bars = new cliProgress.MultiBar(
          {
            stream: out,
            format: `  ${event.source} [{bar}] {value}/{total} assets | {rows} rows sampled | {pii} PII fields`,
            hideCursor: true,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar = bars.create(Math.max(0, event.assets - (event.alreadyCommitted ?? 0)), 0, { rows, pii });
        break;
      case 'asset-committed':
        if (event.metadataOnly !== undefined) print(textLines(event));
        rows += event.rowsSampled;
        pii += event.piiFields.length;
        advance();
        break;
      case 'asset-failed':
        print(textLines(event));
        advance();
        break;
      case 'asset-unchanged':
      case 'asset-deferred':
        advance();
        break;
      case 'asset-started':
        break;
      case 'scan-started':
      case 'source-failed':
      case 'summary':
        stop();
        print(textLines(event));
        break;
      default:
        print(textLines(event));
    }
  };
}
