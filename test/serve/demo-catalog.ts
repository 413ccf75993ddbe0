import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runCli } from '../cli/run-cli.js';

export const SHOP = join(ROOT, 'fixtures/demo/shop.sqlite');

/** A catalog from a real scan of the demo shop, in a temp folder; `remove` deletes both. */
export async function demoCatalog(prefix: string): Promise<{ catalog: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), `piimap-${prefix}-`));
  const catalog = join(dir, 'catalog.db');
  await scanShop(catalog);
  return { catalog, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function scanShop(catalog: string): Promise<void> {
  const scan = await runCli(['scan', SHOP, '--catalog', catalog, '--workers', '0']);
  assert.equal(scan.code, 0, scan.stderr);
}

export interface ErrorBody {
  error: { status: number; message: string };
}

/** GET (or another method) and the parsed JSON body. */
export async function getJson<T>(
  url: string,
  init: RequestInit = {},
): Promise<{ response: Response; body: T }> {
  const response = await fetch(url, init);
  return { response, body: (await response.json()) as T };
}
