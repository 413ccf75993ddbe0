import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createDatasetPatterner, datasetPattern } from '../../../src/sources/datasets/index.js';

function assertPatterns(cases: Record<string, string>): void {
  for (const [key, pattern] of Object.entries(cases)) assert.equal(datasetPattern(key), pattern, key);
}

test("the spec's example: Hive date partition and numbered parts, extensions kept", () => {
  assertPatterns({ 'logs/app/dt=2026-11-23/part-0001.jsonl.gz': 'logs/app/dt=*/part-*.jsonl.gz' });
});

test('rotated logs are one dataset; different logs stay apart', () => {
  const app = [
    'app.log',
    'app.log.1',
    'app.log.2.gz',
    'app-2026-11-23.log',
    'app.log.2026-11-23',
    'app.3.log.gz',
  ];
  for (const key of app) assert.equal(datasetPattern(`var/log/${key}`), 'var/log/app.log*', key);
  assertPatterns({
    'var/log/api.log': 'var/log/api.log*',
    'var/log/api.log.1': 'var/log/api.log*',
    'var/log/app.error.log': 'var/log/app.error.log*',
    'var/log/app-3-worker.log': 'var/log/app-*-worker.log*',
    'var/log/2026-11-23.log': 'var/log/*.log*',
    'var/log/APP.LOG.1': 'var/log/APP.LOG*',
    // Not logs: `.log` must not run on into a letter, and folders are never rotated logs.
    'x/app.logs': 'x/app.logs',
    'x/user.login': 'x/user.login',
    'app.log/data.json': 'app.log/data.json',
    // Without `.log` a rotation is only its numbers collapsed.
    'var/log/syslog.1': 'var/log/syslog.*',
  });
});

test('dates in every form collapse', () => {
  assertPatterns({
    'd/2026-11-23.json': 'd/*.json',
    'd/20261123.json': 'd/*.json',
    'd/2026/11/23/events.json': 'd/*/*/*/events.json',
    'd/2026-11-23T10:00:00Z.json': 'd/*.json',
    'd/2026-11-23T10:00:00.123+01:00.json': 'd/*.json',
    'd/20261123T100000Z/x.csv': 'd/*/x.csv',
    'd/events_2026-11-23T10:00Z_final.csv': 'd/events_*_final.csv',
    'd/h=10/x.csv': 'd/h=*/x.csv',
    'd/1795420800.json': 'd/*.json',
    'd/1795420800123.json': 'd/*.json',
  });
});

test('numbers collapse; adjacent wildcards separated by punctuation merge', () => {
  assertPatterns({
    'e/events-2026-11-23-0001.json': 'e/events-*.json',
    'e/0001/part-00000-of-00010.csv': 'e/*/part-*-of-*.csv',
    'e/batch_17_v2.tsv': 'e/batch_*_v*.tsv',
    'e/data.csv.bz2': 'e/data.csv.bz2',
    'e/résumé-2026.pdf': 'e/résumé-*.pdf',
  });
});

test('hashes, UUIDs and generated ids collapse; words do not', () => {
  assertPatterns({
    'reports/quarterly/summary.csv': 'reports/quarterly/summary.csv',
    'blobs/9f86d081884c7d659a2feaa0c55ad015/data.bin': 'blobs/*/data.bin',
    'blobs/507F1F77BCF86CD799439011.json': 'blobs/*.json',
    'u/550e8400-e29b-41d4-a716-446655440000/profile.json': 'u/*/profile.json',
    'ids/01ARZ3NDEKTSV4RRFFQ69G5FAV.json': 'ids/*.json',
    'ids/0ujtsYcgvSTl8PAuAdqWYSMnLOv.json': 'ids/*.json',
    // A hex-looking word without a digit is a word: `deadbeef` stays.
    'w/deadbeef/cafebabe.txt': 'w/deadbeef/cafebabe.txt',
    'w/getUserProfileByIdAndName.json': 'w/getUserProfileByIdAndName.json',
    // Words holding numbers keep their letters.
    'w/covid19cases.csv': 'w/covid*cases.csv',
    'w/CustomerOrders2026Q4Report.csv': 'w/CustomerOrders*Q*Report.csv',
  });
});

test('every k=v segment is a Hive partition; base64 padding is not', () => {
  assertPatterns({
    'lake/region=eu/dt=2026-11-23/x.parquet': 'lake/region=*/dt=*/x.parquet',
    'lake/email=jane@x.com/x.parquet': 'lake/email=*/x.parquet',
    'lake/aGVsbG8=/x': 'lake/aGVsbG*=/x',
  });
});

test('emails collapse without any callback, keeping known extensions only', () => {
  assertPatterns({
    'users/jane@x.com/profile.json': 'users/*/profile.json',
    'exports/jane.doe@example.org.csv': 'exports/*.csv',
    'lake/jane@x.com=1/x.csv': 'lake/*/x.csv',
    'a/@handle/x': 'a/@handle/x',
  });
});

test('isSensitive collapses segments it flags; the pattern never holds their text', () => {
  const asked: string[] = [];
  // Like detection, it finds PII anywhere in the text it is given.
  const isSensitive = (text: string): boolean => {
    asked.push(text);
    return text.includes('jane-smith') || text.includes('jsmith');
  };
  for (const key of ['exports/jane-smith.csv', 'jsmith/jane-smith-2026/jane-smith.log.1']) {
    const pattern = datasetPattern(key, { isSensitive });
    assert.ok(!pattern.includes('jane') && !pattern.includes('jsmith'), pattern);
  }
  // A sensitive rotated log still groups with its rotations.
  assert.equal(datasetPattern('logs/jane-smith.log.1', { isSensitive }), 'logs/*.log*');
  assert.equal(datasetPattern('logs/jane-smith.log', { isSensitive }), 'logs/*.log*');
  assert.equal(datasetPattern('exports/jane-smith.csv', { isSensitive }), 'exports/*.csv');
  assert.equal(datasetPattern('home/jsmith/notes/2026.txt', { isSensitive }), 'home/*/notes/*.txt');
  assert.equal(datasetPattern('lake/jsmith=1/x', { isSensitive }), 'lake/*/x');
  assert.equal(datasetPattern('exports/555-12-3456.csv', { isSensitive }), 'exports/*.csv');
  // Asked about text without its extensions; never about segments left with no text.
  assert.ok(asked.includes('jane-smith'));
  assert.ok(!asked.includes('2026'));
  assert.ok(!asked.includes('555-12-3456'));
});

test("a dataset's pattern with one object equals the one with 1,000 partitions", () => {
  const first = datasetPattern('logs/app/dt=2026-01-01/part-0000.jsonl.gz');
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 1000; i++) {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const key = `logs/app/dt=${day}/part-${String(i).padStart(4, '0')}.jsonl.gz`;
    assert.equal(datasetPattern(key), first, key);
  }
});

test('the memoised patterner gives the same patterns as datasetPattern', () => {
  const calls: string[] = [];
  const options = {
    isSensitive: (text: string): boolean => {
      calls.push(text);
      return false;
    },
  };
  const patternOf = createDatasetPatterner(options, 2);
  const keys = ['a/b/x.json', 'a/b/y.json', 'a/b/x.json', 'c/app.log.1', 'top.log', '', 'a//b/'];
  for (const key of keys) assert.equal(patternOf(key), datasetPattern(key), key);
  assert.ok(calls.filter((text) => text === 'a').length < 3);
});
