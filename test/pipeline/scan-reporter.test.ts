import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, test } from 'node:test';
import {
  type ScanEvent,
  type ScanReporter,
  jsonLogReporter,
  parseLogFormat,
  progressReporter,
  scanReporter,
  textReporter,
} from '../../src/pipeline/scan-reporter.js';

/** A Writable that keeps what was written; `isTTY` makes cli-progress draw on it. */
function collector(isTTY = false): Writable & { text: () => string; isTTY: boolean } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(out, { text: () => chunks.join(''), isTTY });
}

const source = 'shop';
const summary = (assetsFailed = 0): ScanEvent => ({
  event: 'summary',
  scanId: 7,
  status: assetsFailed > 0 ? 'completed-with-errors' : 'completed',
  stopReason: 'time-budget',
  durationMs: 83_000,
  sources: [
    {
      source,
      assetsScanned: 2,
      assetsFailed,
      assetsUnchanged: 3,
      assetsDeferred: 1,
      piiFieldsByType: { email: 1 },
    },
  ],
});

/** A scan that resumes, skips unchanged assets, runs out of time; one asset fails when `failing`. */
function events(failing: boolean): ScanEvent[] {
  return [
    { event: 'scan-started', scanId: 7, catalog: 'piimap.db', sources: 1, resumed: true, incremental: true },
    { event: 'source-listed', source, assets: 8, alreadyCommitted: 2 },
    { event: 'source-warning', source, warning: 'bucket listing truncated' },
    ...['a', 'b', 'c'].map((asset): ScanEvent => ({
      event: 'asset-unchanged',
      source,
      asset,
      lastScanId: 6,
      lastScannedAt: '2026-11-23T10:00:00.000Z',
    })),
    { event: 'asset-started', source, asset: 'users' },
    {
      event: 'asset-committed',
      source,
      asset: 'users',
      samplingMethod: 'full',
      rowsSampled: 10,
      fields: 3,
      piiFields: [{ field: 'email', types: ['email'] }],
    },
    failing
      ? { event: 'asset-failed', source, asset: 'orders', error: 'permission denied' }
      : {
          event: 'asset-committed',
          source,
          asset: 'orders',
          samplingMethod: 'full',
          rowsSampled: 5,
          fields: 2,
          piiFields: [],
        },
    { event: 'budget-exhausted', budgetMs: 60_000, assetsLeft: 1 },
    { event: 'asset-deferred', source, asset: 'logs', reason: 'time-budget' },
    summary(failing ? 1 : 0),
  ];
}

const feed = (report: ScanReporter, list: ScanEvent[]) => list.forEach((event) => report(event));
const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('JSON logs', () => {
  test('one object per line: ts, level, msg, event and the event fields', () => {
    const out = collector();
    feed(jsonLogReporter(out), events(true));
    const lines = jsonLines(out.text());
    assert.equal(lines.length, events(true).length);
    for (const line of lines) {
      assert.match(String(line.ts), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      assert.equal(typeof line.msg, 'string');
      assert.deepEqual(Object.keys(line).slice(0, 4), ['ts', 'level', 'msg', 'event']);
    }
    const levels = Object.fromEntries(lines.map((line) => [line.event, line.level]));
    assert.deepEqual(levels, {
      'scan-started': 'info',
      'source-listed': 'info',
      'source-warning': 'warn',
      'asset-unchanged': 'info',
      'asset-started': 'info',
      'asset-committed': 'info',
      'asset-failed': 'error',
      'budget-exhausted': 'warn',
      'asset-deferred': 'warn',
      summary: 'warn',
    });
    const failed = lines.find((line) => line.event === 'asset-failed');
    assert.deepEqual(failed && { ...failed, ts: 'T' }, {
      ts: 'T',
      level: 'error',
      msg: 'shop.orders: FAILED — permission denied',
      event: 'asset-failed',
      source,
      asset: 'orders',
      error: 'permission denied',
    });
    const started = lines.find((line) => line.event === 'scan-started');
    assert.equal(started?.resumed, true);
    assert.match(String(started?.msg), /resuming an interrupted scan, incremental/);
  });

  test('a summary without failures is info; a source failure is an error', () => {
    const out = collector();
    const report = jsonLogReporter(out);
    report({ event: 'source-failed', source, error: 'connection refused' });
    report(summary(0));
    assert.deepEqual(
      jsonLines(out.text()).map((line) => [line.event, line.level]),
      [
        ['source-failed', 'error'],
        ['summary', 'info'],
      ],
    );
  });

  test('--quiet keeps only warn and error lines', () => {
    const out = collector();
    feed(jsonLogReporter(out, { quiet: true }), events(true));
    assert.deepEqual(
      jsonLines(out.text()).map((line) => [line.event, line.level]),
      [
        ['source-warning', 'warn'],
        ['asset-failed', 'error'],
        ['budget-exhausted', 'warn'],
        ['asset-deferred', 'warn'],
        ['summary', 'warn'],
      ],
    );
  });
});

describe('text logs', () => {
  test('no line per unchanged or deferred asset; the summary counts them per source', () => {
    const out = collector();
    feed(textReporter(out), events(true));
    assert.equal(
      out.text(),
      [
        'piimap scan 7: 1 source(s) into piimap.db (resuming an interrupted scan, incremental)',
        '  shop: 8 asset(s) listed, 2 already committed before the interruption',
        '  shop: warning — bucket listing truncated',
        '  shop.users: 3 fields, 10 rows (full) — PII: email (email)',
        '  shop.orders: FAILED — permission denied',
        'time budget of 1 min ran out: 1 asset(s) left for the next run',
        'scan 7 completed-with-errors (stopped: time-budget) in 1 min 23 s',
        '  shop: 2 asset(s) scanned, 1 failed, 3 unchanged, 1 deferred; PII fields: email 1',
        '',
      ].join('\n'),
    );
  });

  test('--quiet: nothing when all is well but the time budget; failures and the summary when not', () => {
    const calm = collector();
    const report = textReporter(calm, { quiet: true });
    feed(
      report,
      events(false).filter((e) => e.event !== 'source-warning' && e.event !== 'budget-exhausted'),
    );
    // asset-deferred is a warning but has no text line of its own.
    assert.equal(calm.text(), '');

    const failing = collector();
    feed(textReporter(failing, { quiet: true }), events(true));
    assert.deepEqual(failing.text().split('\n'), [
      '  shop: warning — bucket listing truncated',
      '  shop.orders: FAILED — permission denied',
      'time budget of 1 min ran out: 1 asset(s) left for the next run',
      'scan 7 completed-with-errors (stopped: time-budget) in 1 min 23 s',
      '  shop: 2 asset(s) scanned, 1 failed, 3 unchanged, 1 deferred; PII fields: email 1',
      '',
    ]);
  });
});

describe('metadata-only assets', () => {
  test('say so and why, as a warning that --quiet keeps', () => {
    const out = collector();
    const report = textReporter(out, { quiet: true });
    report({
      event: 'asset-committed',
      source,
      asset: 'public.secret',
      samplingMethod: 'none',
      rowsSampled: 0,
      fields: 2,
      piiFields: [{ field: 'email', types: ['email'] }],
      metadataOnly: 'permission denied; GRANT SELECT ON public.secret TO scanner',
    });
    assert.match(
      out.text(),
      /shop\.public\.secret: 2 fields cataloged from their names only — permission denied; GRANT SELECT .* — PII by name: email \(email\)/,
    );
  });
});

describe('progress bar', () => {
  test('its total leaves out the already committed; unchanged, failed, committed and deferred advance it', () => {
    const out = collector(true);
    feed(progressReporter(out), events(true));
    const text = out.text();
    assert.match(text, /shop \[[^\]]*\] 6\/6 assets \| 10 rows sampled \| 1 PII fields/);
    assert.match(text, /shop\.orders: FAILED — permission denied/);
    assert.match(text, /1 failed, 3 unchanged, 1 deferred/);
  });
});

describe('scanReporter', () => {
  const pick = (options: {
    json: boolean;
    logFormat?: 'text' | 'json';
    quiet?: boolean;
    isTTY?: boolean;
  }) => {
    const stdout = collector();
    const stderr = collector(options.isTTY);
    feed(scanReporter({ quiet: false, isTTY: false, ...options, stdout, stderr }), events(false).slice(0, 2));
    return { stdout: stdout.text(), stderr: stderr.text() };
  };

  test('text on stderr by default; --json alone puts events on stdout and logs nothing', () => {
    assert.deepEqual(pick({ json: false }), {
      stdout: '',
      stderr:
        'piimap scan 7: 1 source(s) into piimap.db (resuming an interrupted scan, incremental)\n' +
        '  shop: 8 asset(s) listed, 2 already committed before the interruption\n',
    });
    const json = pick({ json: true });
    assert.equal(json.stderr, '');
    assert.deepEqual(
      jsonLines(json.stdout).map((e) => Object.keys(e)[0]),
      ['event', 'event'],
    );
  });

  test('--json with --log-format json: events on stdout, logs on stderr', () => {
    const both = pick({ json: true, logFormat: 'json' });
    assert.equal(jsonLines(both.stdout).length, 2);
    assert.deepEqual(
      jsonLines(both.stderr).map((line) => line.level),
      ['info', 'info'],
    );
  });

  test('--quiet logs nothing for info events; a TTY without --quiet draws a bar', () => {
    assert.equal(pick({ json: false, quiet: true, isTTY: true }).stderr, '');
    assert.equal(pick({ json: false, logFormat: 'json', quiet: true }).stderr, '');
    const stderr = collector(true);
    feed(
      scanReporter({ json: false, quiet: false, isTTY: true, stdout: collector(), stderr }),
      events(false),
    );
    assert.match(stderr.text(), /6\/6 assets/);
  });

  test('--log-format takes text or json', () => {
    assert.equal(parseLogFormat('json'), 'json');
    assert.equal(parseLogFormat(undefined), undefined);
    assert.throws(() => parseLogFormat('yaml'), /--log-format: "yaml" is not text or json/);
  });
});
