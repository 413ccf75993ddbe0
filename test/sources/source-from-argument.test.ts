import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { sourceFromArgument } from '../../src/sources/source-from-argument.js';

const dir = mkdtempSync(join(tmpdir(), 'piimap-source-argument-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a folder is a files source, a log file a files source of one file, a database a sqlite source', () => {
  assert.deepEqual(sourceFromArgument(dir), { name: sourceNameOf(dir), type: 'files', path: dir });
  const log = join(dir, 'app.log');
  writeFileSync(log, 'hello\n');
  assert.deepEqual(sourceFromArgument(log), { name: 'app', type: 'files', path: dir, include: ['app.log'] });
  const db = join(dir, 'shop.data');
  new Database(db).exec('CREATE TABLE t (x)');
  assert.equal(sourceFromArgument(db).type, 'sqlite');
  assert.equal(sourceFromArgument(join(dir, 'missing.sqlite')).type, 'sqlite');
});

test('s3://bucket/prefix is an S3 source named after the bucket', () => {
  assert.deepEqual(sourceFromArgument('s3://lake-prod/logs/app/'), {
    name: 'lake-prod',
    type: 's3',
    bucket: 'lake-prod',
    prefix: 'logs/app/',
  });
  assert.deepEqual(sourceFromArgument('s3://lake-prod'), {
    name: 'lake-prod',
    type: 's3',
    bucket: 'lake-prod',
    prefix: '',
  });
  assert.throws(() => sourceFromArgument('s3://'), /s3:\/\/bucket/);
});

function sourceNameOf(path: string): string {
  return (path.split('/').pop() ?? '').replace(/[^A-Za-z0-9_.-]+/g, '_');
}
