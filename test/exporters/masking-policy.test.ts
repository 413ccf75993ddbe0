// The masking policy from catalog fields: default strategies, contains → redact, the strictest of
// several types, reviews and the confidence threshold, overrides, JSON paths, the JSON Schema.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CurrentField, CurrentFinding, FindingReview } from '../../src/catalog/catalog-queries.js';
import { type MaskingPolicy, maskingPolicy } from '../../src/exporters/masking-policy.js';
import { defaultStrategy } from '../../src/exporters/masking-strategies.js';
import { compileSchema } from '../../src/shared/json-schema.js';

const validate = compileSchema('masking.schema.json');

function finding(type: string, extra: Partial<CurrentFinding> = {}): CurrentFinding {
  return {
    path: '',
    type,
    detector: type,
    confidence: 0.9,
    prevalence: 1,
    label: 'is',
    matched: 10,
    evidence: {},
    examples: null,
    ...extra,
  };
}

function field(name: string, findings: CurrentFinding[], asset = 'public.customers', source = 'crm') {
  return { source, asset, field: name, dataType: 'text', findings } as unknown as CurrentField;
}

const review = (state: FindingReview['state'], type?: string): FindingReview => ({
  state,
  by: 'dpo@example.com',
  at: '2025-01-01T00:00:00Z',
  ...(type !== undefined && { type }),
});

function rules(policy: MaskingPolicy, asset = 'public.customers', source = 'crm') {
  return policy.sources[source]?.assets[asset]?.fields ?? {};
}

function valid(policy: MaskingPolicy): void {
  assert.ok(validate(JSON.parse(JSON.stringify(policy))), JSON.stringify(validate.errors, null, 2));
}

describe('maskingPolicy', () => {
  test('defaults per type; fields without PII pass through but are listed', () => {
    const policy = maskingPolicy(
      [
        field('id', []),
        field('email', [finding('email')]),
        field('card', [finding('credit_card')]),
        field('ssn', [finding('ssn')]),
        field('phone', [finding('phone')]),
        field('iban', [finding('iban')]),
        field('name', [finding('person_name')]),
        field('loyalty', [finding('loyalty_number')]),
      ],
      [{ name: 'crm', kind: 'postgres' }],
    );
    valid(policy);
    const r = rules(policy);
    assert.deepEqual(r.email?.partial, { keep: 'email-domain' });
    assert.deepEqual(r.card?.partial, { keep: 'last-digits', digits: 4 });
    assert.deepEqual(r.ssn?.partial, { keep: 'last-digits', digits: 4 });
    assert.deepEqual(r.phone?.partial, { keep: 'last-digits', digits: 2 });
    assert.equal(r.iban?.strategy, 'hash');
    assert.equal(r.name?.strategy, 'redact');
    assert.equal(r.loyalty?.strategy, 'redact', 'a custom type is redacted');
    assert.equal(r.id, undefined);
    assert.deepEqual(policy.sources.crm?.assets['public.customers']?.columns, [
      'id',
      'email',
      'card',
      'ssn',
      'phone',
      'iban',
      'name',
      'loyalty',
    ]);
    assert.equal(policy.sources.crm?.kind, 'postgres');
    assert.equal(policy.hash.key, 'env:PIIMAP_MASKING_KEY');
    for (const type of ['es_dni', 'fr_nir', 'uk_nino', 'ip_address', 'passport_number'])
      assert.equal(defaultStrategy(type), 'hash', type);
  });

  test('free text that contains PII is redacted; several types get the strictest strategy', () => {
    const policy = maskingPolicy(
      [
        field('notes', [finding('email', { label: 'contains' }), finding('phone', { label: 'contains' })]),
        field('contact', [finding('email'), finding('phone')]),
        field('card_or_id', [finding('credit_card'), finding('iban')]),
      ],
      [],
    );
    valid(policy);
    const r = rules(policy);
    assert.equal(r.notes?.strategy, 'redact');
    assert.deepEqual(
      r.notes?.types.map((t) => [t.type, t.label]),
      [
        ['email', 'contains'],
        ['phone', 'contains'],
      ],
    );
    assert.equal(r.contact?.strategy, 'redact', 'two different partial forms show neither');
    assert.equal(r.contact?.partial, undefined);
    assert.equal(r.card_or_id?.strategy, 'hash', 'hash is stricter than partial');
    assert.equal(policy.sources.crm?.kind, 'unknown', 'a source missing from the list');
  });

  test('a finding counts by review, else by confidence (default 0.5, or minConfidence)', () => {
    const fields = [
      field('weak', [finding('email', { confidence: 0.3 })]),
      field('confirmed', [finding('email', { confidence: 0.2, review: review('confirmed') })]),
      field('rejected', [finding('email', { confidence: 0.99, review: review('rejected') })]),
      field('retyped', [finding('phone', { confidence: 0.2, review: review('retyped', 'iban') })]),
      field('pending', [finding('ssn', { confidence: 0.7, review: review('needs-review') })]),
    ];
    const r = rules(maskingPolicy(fields, []));
    assert.equal(r.weak, undefined);
    assert.deepEqual(r.confirmed?.types, [
      { type: 'email', label: 'is', confidence: 0.2, review: 'confirmed' },
    ]);
    assert.equal(r.rejected, undefined);
    assert.equal(r.retyped?.strategy, 'hash');
    assert.deepEqual(
      r.retyped?.types.map((t) => [t.type, t.review]),
      [['iban', 'retyped']],
    );
    assert.equal(r.pending?.strategy, 'partial');
    const strict = maskingPolicy(fields, [], { minConfidence: 0.8 });
    assert.equal(strict.minConfidence, 0.8);
    assert.equal(rules(strict).pending, undefined);
    assert.ok(rules(strict).confirmed, 'a review counts whatever the threshold');
    const loose = rules(maskingPolicy(fields, [], { minConfidence: 0.25 }));
    assert.ok(loose.weak);
  });

  test('per-type overrides; bad ones are config errors naming the type', () => {
    const fields = [field('email', [finding('email')]), field('name', [finding('person_name')])];
    const r = rules(maskingPolicy(fields, [], { strategies: { email: 'hash', person_name: 'hash' } }));
    assert.equal(r.email?.strategy, 'hash');
    assert.equal(r.name?.strategy, 'hash');
    assert.equal(
      rules(
        maskingPolicy([field('notes', [finding('email', { label: 'contains' })])], [], {
          strategies: { email: 'hash' },
        }),
      ).notes?.strategy,
      'redact',
      'contains stays redacted',
    );
    assert.throws(
      () => maskingPolicy(fields, [], { strategies: { person_name: 'partial' } }),
      (e: Error & { code?: string }) =>
        e.code === 'CONFIG' &&
        /^masking strategy for person_name: partial is defined only for email/.test(e.message),
    );
    assert.throws(
      () => maskingPolicy(fields, [], { strategies: { email: 'scramble' as 'hash' } }),
      /masking strategy for email: "scramble" is not a strategy/,
    );
    assert.throws(() => maskingPolicy(fields, [], { minConfidence: 2 }), /minConfidence: 2/);
  });

  test('JSON columns: a rule per path, the whole value redacted', () => {
    const policy = maskingPolicy(
      [
        field('profile', [
          finding('email', { path: '$.user.email' }),
          finding('phone', { path: '$.phones[*]' }),
          finding('ssn', { path: '$.weak', confidence: 0.1 }),
        ]),
      ],
      [{ name: 'crm', kind: 'postgres' }],
    );
    valid(policy);
    const profile = rules(policy).profile;
    assert.equal(profile?.strategy, 'redact');
    assert.deepEqual(
      profile?.types.map((t) => t.type),
      ['email', 'phone'],
    );
    assert.deepEqual(Object.keys(profile?.paths ?? {}), ['$.user.email', '$.phones[*]']);
    assert.deepEqual(profile?.paths?.['$.user.email']?.partial, { keep: 'email-domain' });
  });

  test('hostile names are plain keys; the schema rejects a policy carrying a key', () => {
    const policy = maskingPolicy(
      [field('__proto__', [finding('email')], 'constructor'), field('x', [], 'toString', '__proto__')],
      [{ name: '__proto__', kind: 'mysql' }],
    );
    valid(policy);
    const parsed = JSON.parse(JSON.stringify(policy)) as MaskingPolicy;
    assert.ok(Object.hasOwn(parsed.sources, '__proto__'));
    const asset = Object.getOwnPropertyDescriptor(parsed.sources.crm?.assets, 'constructor')?.value as
      MaskingPolicy['sources'][string]['assets'][string] | undefined;
    assert.deepEqual(Object.keys(asset?.fields ?? {}), ['__proto__']);
    assert.equal(Object.getOwnPropertyDescriptor(asset?.fields, '__proto__')?.value.strategy, 'partial');
    const leaked = { ...policy, hash: { ...policy.hash, key: 'env:PIIMAP_MASKING_KEY', secret: 'k' } };
    assert.equal(validate(JSON.parse(JSON.stringify(leaked))), false);
    assert.equal(
      validate({ ...JSON.parse(JSON.stringify(policy)), hash: { ...policy.hash, key: 's3cr3t' } }),
      false,
    );
  });
});
