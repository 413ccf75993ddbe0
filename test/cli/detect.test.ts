// `piimap detect` as DESIGN.md's contract gives it, through the real bin.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { jsonLines, runCli } from './run-cli.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'piimap-detect-cli-'));
});
after(() => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

describe('piimap detect', () => {
  test('jsonl: one object per input line, findings with UTF-16 offsets, file key, CRLF handled', async () => {
    const path = await file(
      'mixed.txt',
      'mail jane.doe@example.com\r\n\r\n😀 card 4111 1111 1111 1111 and ssn 536-22-1234\r\nlast line no newline +44 20 7946 0958',
    );
    const { code, stdout, stderr } = await runCli(['detect', path]);
    assert.equal(code, 0, stderr);
    const line3 = '😀 card 4111 1111 1111 1111 and ssn 536-22-1234';
    assert.deepEqual(jsonLines(stdout), [
      { file: path, line: 1, findings: [{ type: 'email', start: 5, end: 25 }] },
      { file: path, line: 2, findings: [] },
      {
        file: path,
        line: 3,
        findings: [
          { type: 'credit_card', start: line3.indexOf('4111'), end: line3.indexOf('4111') + 19 },
          { type: 'ssn', start: line3.indexOf('536'), end: line3.length },
        ],
      },
      { file: path, line: 4, findings: [{ type: 'phone', start: 21, end: 37 }] },
    ]);
  });

  test('stdin: no file key; a trailing \\r is not part of the line', async () => {
    const { code, stdout } = await runCli(['detect'], { stdin: 'x\njane@example.com\r\n' });
    assert.equal(code, 0);
    assert.deepEqual(jsonLines(stdout), [
      { line: 1, findings: [] },
      { line: 2, findings: [{ type: 'email', start: 0, end: 16 }] },
    ]);
  });

  test('lines count from 1 per input file', async () => {
    const a = await file('a.txt', 'one\njane@example.com\n');
    const b = await file('b.txt', 'jane@example.com\n');
    const { stdout } = await runCli(['detect', a, b]);
    assert.deepEqual(
      jsonLines(stdout).map((l) => [(l as { file: string }).file, (l as { line: number }).line]),
      [
        [a, 1],
        [a, 2],
        [b, 1],
      ],
    );
  });

  test('--types keeps only those types', async () => {
    const path = await file('types.txt', 'jane@example.com 536-22-1234 (201) 555-0123\n');
    const { stdout } = await runCli(['detect', '--types', 'ssn,phone', path]);
    const [line] = jsonLines(stdout) as { findings: { type: string }[] }[];
    assert.deepEqual(
      line?.findings.map((f) => f.type),
      ['ssn', 'phone'],
    );
  });

  test('table: masked matches only, never the raw values', async () => {
    const path = await file('table.txt', 'jane.doe@example.com\ncard 4111 1111 1111 1111\nssn 536-22-1234\n');
    const { code, stdout } = await runCli(['detect', '--format', 'table', path]);
    assert.equal(code, 0);
    assert.match(stdout, /email\s+0\.\d+\s+j\*\*\*@\*\*\*\.com/);
    assert.match(stdout, /\*\*\*\* \*\*\*\* \*\*\*\* 1111/);
    assert.match(stdout, /\*\*\*-\*\*-1234/);
    for (const raw of ['jane.doe', 'example.com', '4111 1111 1111 1111', '536-22'])
      assert.ok(!stdout.includes(raw), raw);
  });

  test('a large input streams: every line answered, findings on the right lines', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) =>
      i % 1000 === 999 ? `user${i}@example.com` : `line ${i} ok`,
    );
    const path = await file('large.txt', lines.join('\n') + '\n');
    const { code, stdout } = await runCli(['detect', path]);
    assert.equal(code, 0);
    const out = jsonLines(stdout) as { line: number; findings: unknown[] }[];
    assert.equal(out.length, 60_000);
    assert.deepEqual(
      out.filter((l) => l.findings.length > 0).map((l) => l.line),
      Array.from({ length: 60 }, (_, i) => (i + 1) * 1000),
    );
  });

  test('worker threads give exactly the output of the main thread', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) =>
      i % 7 === 0
        ? `row ${i} mail user${i}@example.com card 4111 1111 1111 1111 ☎ +44 20 7946 0958`
        : `row ${i} ok ünïcödé`,
    );
    const path = await file('workers.txt', lines.join('\n') + '\n');
    const inline = await runCli(['detect', '--workers', '0', path]);
    const pooled = await runCli(['detect', '--workers', '2', path]);
    assert.equal(inline.code, 0, inline.stderr);
    assert.equal(pooled.code, 0, pooled.stderr);
    assert.equal(jsonLines(pooled.stdout).length, 30_000);
    assert.equal(pooled.stdout, inline.stdout);
  });

  test('an unreadable file is reported by name, the others are still scanned, exit 1', async () => {
    const good = await file('good.txt', 'jane@example.com\n');
    const { code, stdout, stderr } = await runCli(['detect', join(dir, 'missing.txt'), good]);
    assert.equal(code, 1);
    assert.match(stderr, /missing\.txt: cannot read it \(no such file\)/);
    assert.equal(jsonLines(stdout).length, 1);
  });

  test('usage errors exit 2: bad format, unknown type, bad region, unknown flag', async () => {
    for (const args of [
      ['detect', '--format', 'xml'],
      ['detect', '--types', 'shoe_size'],
      ['detect', '--regions', 'usa'],
      ['detect', '--no-such-flag'],
    ]) {
      const { code, stderr } = await runCli(args);
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.ok(stderr.length > 0);
    }
    const { stderr } = await runCli(['detect', '--types', 'shoe_size']);
    assert.match(stderr, /"shoe_size" is not loaded.*email/);
  });

  test('--regions enables national numbers of other countries', async () => {
    const input = 'Tel. 020 7946 0958\n';
    const us = jsonLines((await runCli(['detect', '--types', 'phone'], { stdin: input })).stdout);
    const gb = jsonLines(
      (await runCli(['detect', '--types', 'phone', '--regions', 'GB'], { stdin: input })).stdout,
    );
    assert.deepEqual(us, [{ line: 1, findings: [] }]);
    assert.deepEqual(gb, [{ line: 1, findings: [{ type: 'phone', start: 5, end: 18 }] }]);
  });

  test('--detectors and config detectors.paths add user detectors; piimap detectors lists them', async () => {
    const folder = join(dir, 'custom');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    await file(
      'custom/employee_id.json',
      JSON.stringify({
        id: 'employee_id',
        type: 'employee_id',
        category: 'identity',
        specialCategory: false,
        sensitivity: 'medium',
        patterns: [{ name: 'emp', regex: '\\bEMP-\\d{6}\\b', score: 0.9 }],
        examples: { positive: ['EMP-123456'], negative: ['EMP-1'] },
      }),
    );
    const input = 'badge EMP-004711 issued\n';
    const viaFlag = await runCli(['detect', '--detectors', folder], { stdin: input });
    assert.deepEqual(jsonLines(viaFlag.stdout), [
      { line: 1, findings: [{ type: 'employee_id', start: 6, end: 16 }] },
    ]);

    const config = await file(
      'estate.json',
      JSON.stringify({ detectors: { paths: ['custom'] }, sources: [] }),
    );
    const viaConfig = await runCli(['detect', '--config', config], { stdin: input });
    assert.deepEqual(jsonLines(viaConfig.stdout), jsonLines(viaFlag.stdout));

    const listed = await runCli(['detectors', '--config', config, '--json']);
    const ids = (JSON.parse(listed.stdout) as { id: string; builtIn: boolean }[]).map((d) => [
      d.id,
      d.builtIn,
    ]);
    assert.deepEqual(
      ids.find(([id]) => id === 'employee_id'),
      ['employee_id', false],
    );
    assert.ok(ids.some(([id, builtIn]) => id === 'email' && builtIn));
  });

  test('a bad detector file stops with its name and path, exit 2', async () => {
    const folder = join(dir, 'broken');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    await file(
      'broken/bad.json',
      JSON.stringify({ id: 'bad', patterns: [{ name: 'x', regex: '(a)\\1', score: 2 }] }),
    );
    const { code, stderr } = await runCli(['detect', '--detectors', folder], { stdin: 'x\n' });
    assert.equal(code, 2);
    assert.match(stderr, /bad\.json: .*patterns\[0\]\.score: must be <= 1/);
  });

  test('a config with problems is rejected with every JSON path, exit 2', async () => {
    const config = await file(
      'bad-estate.json',
      JSON.stringify({ sampleSize: 'lots', detectors: { path: ['x'] }, defaultRegions: ['usa'] }),
    );
    const { code, stderr } = await runCli(['detect', '--config', config], { stdin: 'x\n' });
    assert.equal(code, 2);
    assert.match(stderr, /sampleSize: must be integer/);
    assert.match(stderr, /detectors: unknown key "path"/);
    assert.match(stderr, /defaultRegions\[0\]: must match pattern/);
  });
});
