// The selection scan and plan share: include/exclude against asset names (unless the source
// matches keys itself), minus allow.assets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceConfig } from '../../src/config/estate-config.js';
import { assetSelector, selectAssets } from '../../src/pipeline/asset-selection.js';
import type { AssetDescriptor, SourceAdapter } from '../../src/sources/source-adapter.js';

const assets: AssetDescriptor[] = ['public.users', 'public.orders', 'audit.log', 'public.tmp_x'].map(
  (name) => ({
    name,
    kind: 'table',
  }),
);

function names(config: Partial<SourceConfig>, allow: string[] = [], selectsOwnAssets = false): string[] {
  const select = assetSelector({ name: 'crm', type: 'postgres', ...config }, selectsOwnAssets, allow);
  return assets.filter(select).map((a) => a.name);
}

test('include and exclude globs match asset names; everything by default', () => {
  assert.deepEqual(names({}), ['public.users', 'public.orders', 'audit.log', 'public.tmp_x']);
  assert.deepEqual(names({ include: ['public.*'] }), ['public.users', 'public.orders', 'public.tmp_x']);
  assert.deepEqual(names({ include: ['public.*'], exclude: ['*.tmp_*'] }), ['public.users', 'public.orders']);
});

test('allow.assets drops `source.asset` matches; a source that selects its own assets ignores include/exclude', () => {
  assert.deepEqual(names({}, ['crm.public.*']), ['audit.log']);
  assert.deepEqual(names({}, ['other.public.*']), [
    'public.users',
    'public.orders',
    'audit.log',
    'public.tmp_x',
  ]);
  assert.deepEqual(names({ include: ['nothing'] }, ['crm.audit.*'], true), [
    'public.users',
    'public.orders',
    'public.tmp_x',
  ]);
});

test('selectAssets lists the source and filters its listing', async () => {
  const source = { selectsOwnAssets: false, listAssets: async () => assets } as unknown as SourceAdapter;
  const selected = await selectAssets(source, { name: 'crm', type: 'postgres', exclude: ['public.*'] }, []);
  assert.deepEqual(
    selected.map((a) => a.name),
    ['audit.log'],
  );
});
