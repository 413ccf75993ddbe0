// Every validator file is registered, sorted, unit-tested and used; every detector is documented.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { loadDetectors } from '../../src/detection/detector-loader.js';
import { validatorNames } from '../../src/detection/detector-definition.js';
import { VALIDATORS } from '../../src/detection/validators/index.js';
import type { Validator } from '../../src/detection/validators/validator.js';

const root = new URL('../../', import.meta.url);
const validatorDir = new URL('src/detection/validators/', root);

function isValidator(value: unknown): value is Validator {
  return typeof value === 'object' && value !== null && 'validate' in value && 'name' in value;
}

test('every exported validator is in the registry under its name, and the registry is sorted', async () => {
  const exported: string[] = [];
  for (const file of readdirSync(validatorDir).filter((f) => f.endsWith('.ts') && f !== 'index.ts')) {
    const module = (await import(new URL(file, validatorDir).href)) as Record<string, unknown>;
    for (const value of Object.values(module).filter(isValidator)) {
      assert.equal(VALIDATORS.get(value.name), value, `${file}: ${value.name} is not registered`);
      exported.push(value.name);
    }
  }
  assert.deepEqual([...VALIDATORS.keys()].sort(), exported.sort());
  assert.deepEqual([...VALIDATORS.keys()], [...VALIDATORS.keys()].sort(), 'registry order');
});

test('every validator has a unit test of the same name', () => {
  for (const name of VALIDATORS.keys()) {
    assert.ok(existsSync(new URL(`test/detection/validators/${name}.test.ts`, root)), `no test for ${name}`);
  }
});

test('every validator is used by a built-in detector', async () => {
  const used = new Set((await loadDetectors()).flatMap((d) => validatorNames(d.definition)));
  for (const name of VALIDATORS.keys()) assert.ok(used.has(name), `${name} is used by no detector`);
});

test('every built-in detector and validator is documented in the README', async () => {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  for (const { definition } of await loadDetectors()) {
    assert.ok(readme.includes(`\`${definition.id}\``), `README does not list detector ${definition.id}`);
  }
  for (const name of VALIDATORS.keys())
    assert.ok(readme.includes(`\`${name}\``), `README does not list validator ${name}`);
});
