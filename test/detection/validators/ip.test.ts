import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ip } from '../../../src/detection/validators/ip.js';
import { validateWith } from './validate-with.js';

test('public addresses pass with a high score, private and reserved ones with a low score', () => {
  assert.deepEqual(validateWith(ip, '81.2.69.142'), { valid: true, score: 0.85 });
  assert.deepEqual(validateWith(ip, '2a00:1450:4001:82b::200e'), { valid: true, score: 0.85 });
  for (const address of ['10.0.0.12', '192.168.1.1', '127.0.0.1', '::1', 'fe80::1', '::ffff:10.1.2.3']) {
    assert.deepEqual(validateWith(ip, address), { valid: true, score: 0.4 }, address);
  }
  assert.deepEqual(validateWith(ip, '::ffff:81.2.69.142'), { valid: true, score: 0.85 });
});

test('invalid addresses and colon syntax that is not IPv6 fail', () => {
  for (const text of ['256.1.1.1', '01.02.03.04', '1.2.3', '10:15:30', 'd::']) {
    assert.equal(validateWith(ip, text).valid, false, text);
  }
});

test('dotted runs longer than an address fail', () => {
  assert.equal(validateWith(ip, '1.2.3.4', { after: '.5' }).valid, false);
  assert.equal(validateWith(ip, '3.6.1.4', { before: '1.' }).valid, false);
  assert.equal(validateWith(ip, 'd::', { before: 'st', after: 'vector' }).valid, false);
});
