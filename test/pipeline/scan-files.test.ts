// piimap scan on a folder of logs, exports and partitioned JSON, end to end through the real bin:
// datasets not single files, fields by CSV header / JSON path / key=value / $text, PII in keys,
// binary files skipped with the reason, and no raw PII at rest.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { schemaValidator } from '../../src/shared/json-schema.js';
import { jsonLines, runCli } from '../cli/run-cli.js';

interface ExportedField {
  asset: string;
  field: string;
  dataType: string;
  classifications: { type: string; label: string; examples?: string[] }[];
  scan: {
    samplingMethod: string | null;
    objects?: {
      objectCount: number;
      sampledKeys: string[];
      skipped: { key: string; reason: string }[];
      incomplete: { key: string; reason: string }[];
    };
  };
}

/** Values planted in the folder that must never reach the catalog or any output. */
const PLANTED = [
  'jane.doe@example.com',
  'amy.ng@example.org',
  'lee.park@example.net',
  '(415) 555-0134',
  '536-22-8190',
];

const people = Array.from({ length: 40 }, (_, i) => ({
  email: `person${i}@example.com`,
  phone: `(202) 555-${String(100 + i).padStart(4, '0')}`,
  name: `Person ${i}`,
  order: `ORD-${100000 + i}`,
}));

let root: string;
let work: string;

function put(path: string, content: string | Buffer): void {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'piimap-scan-files-'));
  root = join(work, 'estate');
  const logLines = (from: number) =>
    people
      .slice(from, from + 20)
      .map((p, i) =>
        i % 3 !== 0
          ? `2026-11-23T10:00:${String(i).padStart(2, '0')}Z INFO login ok user=${p.email} latency_ms=${i}`
          : `2026-11-23T10:00:${String(i).padStart(2, '0')}Z WARN password reset asked by ${p.email} from the web`,
      )
      .join('\n') + '\n';
  put('app/app.log', logLines(0));
  put('app/app.log.1', logLines(20));
  put('app/app.log.2.gz', gzipSync(logLines(10)));
  const csv = (from: number) =>
    'email,phone,name,order_id\n' +
    people
      .slice(from, from + 20)
      .map((p) => `${p.email},"${p.phone}",${p.name},${p.order}`)
      .join('\n') +
    '\n';
  put('exports/users-2026-11-01.csv', csv(0));
  put('exports/users-2026-11-02.csv', csv(20));
  const events = (from: number) =>
    people
      .slice(from, from + 20)
      .map((p, i) =>
        JSON.stringify({
          event: 'checkout',
          user: { email: p.email, id: 1000 + i },
          items: [{ sku: `SKU-${i}`, qty: 1 }],
        }),
      )
      .join('\n') + '\n';
  put('events/dt=2026-11-22/part-0001.jsonl.gz', gzipSync(events(0)));
  put('events/dt=2026-11-23/part-0001.jsonl.gz', gzipSync(events(20)));
  put(`users/${PLANTED[0]}/profile.json`, JSON.stringify({ display: 'Jane', note: `call ${PLANTED[3]}` }));
  put(`users/${PLANTED[1]}/profile.json`, JSON.stringify({ display: 'Amy', note: 'no phone' }));
  put(`users/${PLANTED[2]}/profile.json`, JSON.stringify({ display: 'Lee', note: 'none' }));
  put(`by-ssn/${PLANTED[4]}.csv`, 'note\nrefund approved\n');
  put(
    'warehouse/orders/year=2026/part-0.parquet',
    Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'buyer_email', data: people.map((p) => p.email), type: 'STRING' },
          { name: 'order_id', data: people.map((p) => p.order), type: 'STRING' },
          { name: 'amount', data: people.map((_, i) => i * 7), type: 'INT32' },
        ],
      }),
    ),
  );
  // A gzip bomb: 80 KB that inflates to 80 MB of text, past the 64 MiB decompression cap.
  const line = Buffer.alloc(100_000, 'a');
  line[line.length - 1] = 0x0a;
  put('dumps/bomb.log.gz', gzipSync(Buffer.concat(Array.from({ length: 800 }, () => line))));
  put('images/logo.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('piimap scan (files)', () => {
  let fields: ExportedField[];
  let scanOutput: string;
  let catalog: string;
  let exportText: string;

  before(async () => {
    catalog = join(work, 'files.db');
    const scan = await runCli([
      'scan',
      root,
      '--catalog',
      catalog,
      '--workers',
      '0',
      '--json',
      '--examples',
      'masked',
    ]);
    assert.equal(scan.code, 0, scan.stderr + scan.stdout);
    scanOutput = scan.stdout + scan.stderr;
    const exported = await runCli(['export', '--catalog', catalog]);
    assert.equal(exported.code, 0, exported.stderr);
    exportText = exported.stdout;
    fields = (JSON.parse(exportText) as { fields: ExportedField[] }).fields;
    const validate = schemaValidator('catalog.schema.json');
    assert.ok(validate(JSON.parse(exportText)), JSON.stringify(validate.errors));
  });

  const typesOf = (asset: string, field: string) =>
    fields
      .find((f) => f.asset === asset && f.field === field)
      ?.classifications.map((c) => `${c.label} ${c.type}`)
      .sort();

  test('files that differ in dates, numbers, partitions or rotation are one dataset each', () => {
    const assets = [...new Set(fields.map((f) => f.asset))].sort();
    assert.deepEqual(assets, [
      'app/app.log*',
      'by-ssn/*.csv',
      'dumps/bomb.log*',
      'events/dt=*/part-*.jsonl.gz',
      'exports/users-*.csv',
      'images/logo.png',
      'users/*/profile.json',
      'warehouse/orders/year=*/part-*.parquet',
    ]);
    const log = fields.find((f) => f.asset === 'app/app.log*');
    assert.equal(log?.scan.objects?.objectCount, 3);
    assert.equal(log?.scan.objects?.sampledKeys.length, 3);
    assert.equal(log?.scan.samplingMethod, 'all-objects');
  });

  test('fields are CSV headers, JSON paths, key=value keys and $text, classified', () => {
    assert.deepEqual(typesOf('exports/users-*.csv', 'email'), ['is email']);
    assert.deepEqual(typesOf('exports/users-*.csv', 'phone'), ['is phone']);
    assert.deepEqual(typesOf('exports/users-*.csv', 'order_id'), []);
    assert.deepEqual(typesOf('events/dt=*/part-*.jsonl.gz', '$.user.email'), ['is email']);
    assert.deepEqual(typesOf('events/dt=*/part-*.jsonl.gz', '$.items[*].sku'), []);
    assert.deepEqual(typesOf('app/app.log*', 'user'), ['is email']);
    assert.deepEqual(typesOf('warehouse/orders/year=*/part-*.parquet', 'buyer_email'), ['is email']);
    assert.deepEqual(typesOf('warehouse/orders/year=*/part-*.parquet', 'amount'), []);
    assert.deepEqual(typesOf('app/app.log*', '$text'), ['contains email']);
  });

  test('PII in keys is found as the field $key and kept out of the asset id', () => {
    assert.deepEqual(typesOf('users/*/profile.json', '$key'), ['is email']);
    assert.deepEqual(typesOf('by-ssn/*.csv', '$key'), ['is ssn']);
    const users = fields.find((f) => f.asset === 'users/*/profile.json');
    for (const key of users?.scan.objects?.sampledKeys ?? [])
      assert.match(key, /^users\/[^/]*\*[^/]*\/profile\.json$/);
  });

  test('a gzip bomb stops at the decompression cap and is recorded as read in part', () => {
    const bomb = fields.find((f) => f.asset === 'dumps/bomb.log*');
    assert.match(bomb?.scan.objects?.incomplete[0]?.reason ?? '', /decompression limit/);
  });

  test('binary content is recorded as skipped with the reason, not scanned as text', () => {
    const logo = fields.find((f) => f.asset === 'images/logo.png');
    assert.equal(logo?.scan.objects?.skipped.length, 1);
    assert.match(logo?.scan.objects?.skipped[0]?.reason ?? '', /binary|PNG/i);
  });

  test('no planted value, nor its digits, is at rest in the catalog or in any output', () => {
    const files = readdirSync(work).filter((f) => f.startsWith('files.db'));
    const stored = files.map((f) => readFileSync(join(work, f)).toString('latin1')).join('\n');
    for (const haystack of [stored, exportText, scanOutput]) {
      for (const value of PLANTED) {
        assert.ok(!haystack.includes(value), `${value} found`);
        const digits = value.replace(/\D/g, '');
        if (digits.length >= 7) assert.ok(!haystack.includes(digits), `${digits} found`);
      }
    }
    const events = jsonLines(
      scanOutput
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .join('\n'),
    );
    assert.ok(events.some((e) => (e as { event: string }).event === 'summary'));
  });
});

test('--full reads every record of each sampled object, whatever sampleSize says', async () => {
  const folder = join(work, 'full');
  mkdirSync(folder);
  writeFileSync(join(folder, 'events.jsonl'), people.map((p) => JSON.stringify(p)).join('\n') + '\n');
  const args = [folder, '--workers', '0', '--json', '--sample-size', '5'];
  const sampled = await runCli(['scan', ...args, '--catalog', join(work, 'sampled.db')]);
  const full = await runCli(['scan', ...args, '--full', '--catalog', join(work, 'full.db')]);
  const rows = (out: string) =>
    (jsonLines(out) as { event: string; rowsSampled?: number }[]).find((e) => e.event === 'asset-committed')
      ?.rowsSampled;
  assert.equal(rows(sampled.stdout), 5);
  assert.equal(rows(full.stdout), people.length);
});
