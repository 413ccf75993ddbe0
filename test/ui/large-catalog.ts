// A generated catalog of many fields (100,000 for the paging test), written through the catalog
// store as a scan would write it: assets of 50 fields, a third of them holding some PII.
import { SqliteCatalogStore } from '../../src/catalog/catalog-store.js';
import type { FieldRecord } from '../../src/catalog/catalog-records.js';

const TYPES = [
  { type: 'email', detector: 'email' },
  { type: 'phone', detector: 'phone' },
  { type: 'ssn', detector: 'ssn' },
  { type: 'person_name', detector: 'person_name' },
  { type: 'ip_address', detector: 'ip_address' },
];

export function writeLargeCatalog(path: string, { fields = 100_000, perAsset = 50, sources = 4 } = {}): void {
  const store = SqliteCatalogStore.open(path);
  try {
    const scanId = store.startScan({
      piimapVersion: '0.0.0-test',
      host: 'test',
      userName: 'test',
      options: {},
    });
    const sourceIds = Array.from({ length: sources }, (_, i) =>
      store.source({ name: `db${i + 1}`, kind: 'postgres', location: `postgres://db${i + 1}.test/app` }),
    );
    const now = new Date().toISOString();
    for (let a = 0; a * perAsset < fields; a++) {
      const records: FieldRecord[] = [];
      for (let f = 0; f < perAsset && a * perAsset + f < fields; f++) {
        const n = a * perAsset + f;
        const pii = n % 3 === 0 ? TYPES[n % TYPES.length] : undefined;
        records.push({
          name: pii !== undefined ? `${pii.type}_${f}` : `column_${f}`,
          dataType: 'text',
          position: f,
          valuesSeen: 1000,
          nonEmpty: 900,
          findings:
            pii === undefined
              ? []
              : [
                  {
                    path: '',
                    ...pii,
                    matched: 850,
                    nonEmpty: 900,
                    prevalence: 0.94,
                    confidence: 0.97,
                    label: 'is',
                    evidence: { candidates: 870, validators: [] },
                  },
                ],
        });
      }
      store.recordAsset(scanId, sourceIds[a % sources] as number, {
        name: `public.table_${String(a).padStart(5, '0')}`,
        kind: 'table',
        status: 'committed',
        samplingMethod: 'tablesample',
        rowsSampled: 1000,
        startedAt: now,
        finishedAt: now,
        fields: records,
      });
    }
    store.finishScan(scanId, 'completed');
  } finally {
    store.close();
  }
}
