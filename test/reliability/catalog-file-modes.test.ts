// The files that say where personal data lives are private to their owner, whatever the umask: the
// catalog piimap creates, the `-wal` and `-shm` files SQLite creates beside it, `export --out` files
// and the `--report` file are 0600 under umask 022 (the common default) and 000 (the worst case:
// plain creation would make them world-writable). An existing catalog or `--out` file keeps the
// mode its owner gave it. Through the real bin; each child inherits the umask set around its spawn.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { ROOT, runCli } from '../cli/run-cli.js';

const SHOP = join(ROOT, 'fixtures/demo/shop.sqlite');
const BIN = join(ROOT, 'bin/piimap.js');
const dir = mkdtempSync(join(tmpdir(), 'piimap-file-modes-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const modeOf = (path: string) => statSync(path).mode & 0o777;
const octal = (mode: number) => `0${mode.toString(8).padStart(3, '0')}`;

/** Runs `start` (which spawns the children) with this process's umask set to `umask`. */
async function withUmask<T>(umask: number, start: () => Promise<T>): Promise<T> {
  const previous = process.umask(umask);
  try {
    return await start();
  } finally {
    process.umask(previous);
  }
}

/** `piimap serve` on a free loopback port until `whileServing` is done: it holds the catalog open. */
async function whileServing(catalog: string, whileServing: () => void): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'serve', '--catalog', catalog, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, PIIMAP_TOKEN: '' },
  });
  const lines = createInterface({ input: child.stderr });
  const [first] = (await Promise.race([once(lines, 'line'), once(child, 'close').then(() => [''])])) as [
    string,
  ];
  try {
    assert.match(first, /listening on http:\/\/127\.0\.0\.1:\d+/);
    const response = await fetch(`${/(http:\/\/\S+)/.exec(first)?.[1]}/fields`);
    assert.equal(response.status, 200);
    whileServing();
  } finally {
    const closed = once(child, 'close');
    child.kill('SIGTERM');
    await closed;
  }
}

for (const umask of [0o022, 0o000]) {
  test(`umask ${octal(umask)}: catalog, -wal, -shm, --report and export --out are created 0600`, async () => {
    const at = join(dir, `umask-${octal(umask)}`);
    mkdirSync(at);
    const catalog = join(at, 'catalog.db');
    const report = join(at, 'report.json');
    const scan = await withUmask(umask, () =>
      runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0', '--report', report]),
    );
    assert.equal(scan.code, 0, scan.stderr);
    assert.equal(octal(modeOf(catalog)), '0600', 'catalog');
    assert.equal(octal(modeOf(report)), '0600', '--report');

    // The scan's WAL is gone once it closed the catalog; a reader (serve) opens it again: SQLite
    // creates the -wal and -shm with the database file's permissions, whichever process makes them.
    await withUmask(umask, () =>
      whileServing(catalog, () => {
        for (const suffix of ['-wal', '-shm']) {
          assert.ok(existsSync(catalog + suffix), `${suffix} exists while the catalog is open`);
          assert.equal(octal(modeOf(catalog + suffix)), '0600', suffix);
        }
      }),
    );

    for (const format of ['json', 'gdpr-csv']) {
      const out = join(at, `export.${format}`);
      const exported = await withUmask(umask, () =>
        runCli(['export', '--catalog', catalog, '--format', format, '--out', out]),
      );
      assert.equal(exported.code, 0, exported.stderr);
      assert.equal(octal(modeOf(out)), '0600', `export --format ${format} --out`);
      assert.ok(readFileSync(out, 'utf8').length > 100);
    }
  });
}

test('an existing catalog or --out file keeps the mode its owner gave it', async () => {
  const at = join(dir, 'existing');
  mkdirSync(at);
  const catalog = join(at, 'catalog.db');
  assert.equal((await runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0'])).code, 0);
  chmodSync(catalog, 0o640); // opened to a group, say a masking layer's account
  const again = await withUmask(0o022, () => runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0']));
  assert.equal(again.code, 0, again.stderr);
  assert.equal(octal(modeOf(catalog)), '0640');

  const out = join(at, 'policy.json');
  writeFileSync(out, 'old content that is longer than nothing');
  chmodSync(out, 0o644);
  const exported = await withUmask(0o022, () =>
    runCli(['export', '--catalog', catalog, '--format', 'masking', '--out', out]),
  );
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(octal(modeOf(out)), '0644');
  assert.ok(!readFileSync(out, 'utf8').includes('old content'), 'overwritten');
});
