/** The response bodies of the API as JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
import { count, pageSchema, ratio, ref, timestamp } from './openapi-parts.js';
import { VIEW_SCHEMAS } from './openapi-view-schemas.js';

const strings = { type: 'array', items: { type: 'string' } };

const fieldRef = {
  id: { type: 'string', description: 'SOURCE.ASSET.FIELD' },
  source: { type: 'string' },
  asset: { type: 'string' },
  field: { type: 'string' },
};
const fieldTypes = {
  type: 'object',
  required: ['id', 'source', 'asset', 'field', 'types'],
  properties: { ...fieldRef, types: strings },
};
const scanRef = {
  type: 'object',
  required: ['id', 'status', 'startedAt', 'finishedAt'],
  properties: {
    id: count,
    status: { type: 'string' },
    startedAt: timestamp,
    finishedAt: { type: ['string', 'null'] },
  },
};
const changeList = (items: object) => ({ type: 'array', items });

export const SCHEMAS: Record<string, object> = {
  ...VIEW_SCHEMAS,
  DiffReport: {
    type: 'object',
    description: 'As `piimap diff --json` prints it.',
    required: [
      'from',
      'to',
      'newPii',
      'summary',
      'newAssets',
      'removedAssets',
      'newFields',
      'removedFields',
      'becamePii',
      'stoppedBeingPii',
      'typeChanged',
      'confidenceBand',
    ],
    properties: {
      from: scanRef,
      to: scanRef,
      newPii: { type: 'boolean', description: 'A field became PII or a new asset holds PII.' },
      summary: { type: 'object', additionalProperties: count },
      newAssets: changeList(ref('AssetChange')),
      removedAssets: changeList(ref('AssetChange')),
      newFields: changeList(fieldTypes),
      removedFields: changeList(fieldTypes),
      becamePii: changeList({
        ...fieldTypes,
        properties: { ...fieldTypes.properties, newField: { type: 'boolean' } },
      }),
      stoppedBeingPii: changeList({
        ...fieldTypes,
        properties: { ...fieldTypes.properties, removedField: { type: 'boolean' } },
      }),
      typeChanged: changeList({
        type: 'object',
        required: ['id', 'before', 'after', 'added', 'removed'],
        properties: { ...fieldRef, before: strings, after: strings, added: strings, removed: strings },
      }),
      confidenceBand: changeList({
        type: 'object',
        required: ['id', 'type', 'before', 'after'],
        properties: { ...fieldRef, type: { type: 'string' }, before: ref('Band'), after: ref('Band') },
      }),
    },
  },
  AssetChange: {
    type: 'object',
    required: ['id', 'source', 'asset', 'fields', 'pii'],
    properties: {
      id: { type: 'string', description: 'SOURCE.ASSET' },
      source: { type: 'string' },
      asset: { type: 'string' },
      fields: count,
      pii: changeList(fieldTypes),
    },
  },
  Band: {
    type: 'object',
    required: ['band', 'confidence'],
    properties: { band: { enum: ['low', 'medium', 'high'] }, confidence: ratio },
  },
  Error: {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['status', 'message'],
        additionalProperties: false,
        properties: { status: { type: 'integer' }, message: { type: 'string' } },
      },
    },
  },
  FieldPage: pageSchema('LookupRecord', 'Fields'),
  FieldScan: {
    type: 'object',
    description: "The asset's latest scan, where the field's findings come from.",
    required: ['id', 'at', 'samplingMethod', 'valuesSeen', 'nonEmpty'],
    properties: {
      id: count,
      at: timestamp,
      samplingMethod: { type: ['string', 'null'] },
      valuesSeen: count,
      nonEmpty: count,
      skipped: { type: 'string', description: 'Why the values were not scanned.' },
      objects: { type: 'object', description: 'Files and S3 datasets: the objects behind the asset.' },
    },
  },
  Finding: {
    type: 'object',
    required: [
      'path',
      'type',
      'label',
      'prevalence',
      'confidence',
      'classified',
      'detector',
      'matched',
      'evidence',
    ],
    properties: {
      path: { type: 'string', description: "JSON path inside the field, or '' for the field itself." },
      type: { type: 'string', description: "The effective type (a retype's new type)." },
      label: { enum: ['is', 'contains'] },
      prevalence: { ...ratio, description: 'Share of non-empty sampled values holding the type.' },
      confidence: { ...ratio, description: 'How sure piimap is that the field holds the type at all.' },
      classified: {
        type: 'boolean',
        description: 'A classification (confidence ≥ 0.5 or a review), not a candidate.',
      },
      detector: { type: 'string' },
      matched: count,
      evidence: { type: 'object', description: 'Why: validators, column name, context words, counts.' },
      examples: { ...strings, description: 'Masked examples, when the scan kept some.' },
      review: ref('Review'),
    },
  },
  Health: {
    type: 'object',
    required: ['status'],
    properties: { status: { const: 'ok' } },
  },
  LookupRecord: {
    type: 'object',
    description: 'A field as `piimap lookup --json` prints it.',
    required: ['id', 'source', 'asset', 'field', 'dataType', 'pii', 'types', 'findings', 'scan'],
    additionalProperties: false,
    properties: {
      ...fieldRef,
      dataType: { type: 'string' },
      pii: { type: 'boolean', description: 'Some finding is a classification.' },
      types: { ...strings, description: 'The classified types, sorted.' },
      findings: { type: 'array', items: ref('Finding') },
      scan: ref('FieldScan'),
    },
  },
  Review: {
    type: 'object',
    required: ['state', 'by', 'at'],
    properties: {
      state: { enum: ['confirmed', 'rejected', 'retyped', 'needs-review'] },
      by: { type: 'string' },
      at: timestamp,
      note: { type: 'string' },
      type: { type: 'string', description: 'For retyped: the type the reviewer says the field holds.' },
    },
  },
  ScanSummary: {
    type: 'object',
    required: [
      'id',
      'status',
      'startedAt',
      'finishedAt',
      'piimapVersion',
      'host',
      'user',
      'options',
      'assets',
      'sources',
    ],
    properties: {
      id: count,
      status: { enum: ['running', 'completed', 'completed-with-errors', 'failed', 'interrupted'] },
      stopReason: {
        type: ['string', 'null'],
        description: 'Why it stopped early: time-budget, SIGINT, SIGTERM; null when it ran through.',
      },
      startedAt: timestamp,
      finishedAt: { type: ['string', 'null'] },
      durationMs: { type: ['integer', 'null'] },
      piimapVersion: { type: 'string' },
      host: { type: 'string' },
      user: { type: 'string' },
      configHash: {
        type: ['string', 'null'],
        description:
          'sha256 of what decides the results (sources, sampling, detectors), credentials left out.',
      },
      resumed: {
        ...count,
        description: 'How often --resume continued this scan (who and when: options.resumes).',
      },
      options: { type: 'object', description: 'The scan options, credentials redacted.' },
      assets: {
        type: 'object',
        required: ['committed', 'metadataOnly', 'failed', 'skipped', 'unchanged', 'deferred'],
        properties: {
          committed: count,
          metadataOnly: count,
          failed: count,
          skipped: count,
          unchanged: count,
          deferred: count,
        },
      },
      sources: {
        type: 'array',
        items: {
          type: 'object',
          required: ['source', 'committed', 'failed', 'errors'],
          properties: {
            source: { type: 'string' },
            kind: { type: ['string', 'null'] },
            status: {
              type: ['string', 'null'],
              description: 'done, failed, deferred (time budget), scanning.',
            },
            assetsListed: { type: ['integer', 'null'] },
            committed: count,
            failed: count,
            unchanged: count,
            deferred: count,
            error: {
              type: ['string', 'null'],
              description: "The source's own error (could not open or list).",
            },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['asset', 'error'],
                properties: { asset: { type: 'string' }, error: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
};
