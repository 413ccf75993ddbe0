// The name, birth-date and address detectors judge by evidence and shape, so they are the ones
// most tempted by look-alikes. This runs the bundled negative corpus (fixtures/negative-corpus:
// products, companies, cities, months, sentences, timestamps) through the real engine, as free
// text and under each detector's own column names, and holds every detector to at most 1% of
// values per file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { loadBuiltinEngine } from '../../src/detection/builtin-engine.js';
import { detectInValues } from '../../src/detection/detect-values.js';

const MAX_RATE = 0.01;
const FILES = ['products', 'companies', 'cities', 'months', 'sentences', 'timestamps'];

/** Each detector, scanned with no column name and under column names that are evidence for it. */
const SCENARIOS: Record<string, (string | undefined)[]> = {
  date_of_birth: [undefined, 'dob', 'birth_date'],
  person_name: [undefined, 'name', 'full_name', 'customer_name'],
  person_given_name: [undefined, 'first_name'],
  person_surname: [undefined, 'last_name'],
  street_address: [undefined, 'address', 'street_address'],
};

/**
 * A one-word given name or surname column holding "Austin" or "April" *is* a name column: the
 * column is all the evidence a single word can have. Those scenarios are measured and printed,
 * not held to the limit (see the report line "informational").
 */
const INFORMATIONAL = new Set(['person_given_name first_name', 'person_surname last_name']);

const engine = await loadBuiltinEngine({ ids: Object.keys(SCENARIOS) });
const options = { referenceDate: new Date('2026-11-23T12:00:00Z') };

function corpus(name: string): string[] {
  const url = new URL(`../../fixtures/negative-corpus/${name}.txt`, import.meta.url);
  return readFileSync(url, 'utf8').split('\n').filter(Boolean);
}

for (const file of FILES) {
  const values = corpus(file);
  describe(`negative corpus ${file}.txt (${values.length} values)`, () => {
    for (const [detector, columns] of Object.entries(SCENARIOS)) {
      for (const column of columns) {
        const scenario = `${detector} ${column ?? '(no column)'}`;
        test(scenario, () => {
          const perValue = detectInValues(engine, values, { ...(column && { columnName: column }), options });
          const hits = values.filter((_, i) => perValue[i]?.some((f) => f.detector === detector));
          const rate = hits.length / values.length;
          const informational = INFORMATIONAL.has(scenario);
          console.log(
            `${file}: ${scenario}: ${hits.length}/${values.length} = ${(rate * 100).toFixed(2)}%` +
              `${informational ? ' (informational)' : ''}${hits.length > 0 ? ` e.g. ${JSON.stringify(hits.slice(0, 5))}` : ''}`,
          );
          if (!informational) {
            assert.ok(rate <= MAX_RATE, `${scenario} fired on ${(rate * 100).toFixed(2)}% of ${file}.txt`);
          }
        });
      }
    }
  });
}
