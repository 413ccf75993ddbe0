/** Response bodies of the routes the browser added (/summary, /assets, /history), as JSON Schema. */

import { count, pageSchema, ratio, timestamp } from './openapi-parts.js';

const nullableString = { type: ['string', 'null'] };
const sensitivity = {
  enum: ['low', 'medium', 'high', 'restricted', null],
  description: 'From the detectors (detectors/*.json); null for a type no built-in detector reports.',
};
const typeCounts = {
  type: 'array',
  description: 'Fields per PII type, the most sensitive type first.',
  items: {
    type: 'object',
    required: ['type', 'fields'],
    additionalProperties: false,
    properties: { type: { type: 'string' }, fields: count },
  },
};

export const VIEW_SCHEMAS: Record<string, object> = {
  AssetPage: pageSchema('AssetSummary', 'Assets'),
  AssetSummary: {
    type: 'object',
    required: ['id', 'source', 'asset', 'fields', 'piiFields', 'sensitivity', 'types', 'scan'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', description: 'SOURCE.ASSET' },
      source: { type: 'string' },
      asset: { type: 'string' },
      fields: count,
      piiFields: count,
      sensitivity: { ...sensitivity, description: 'The highest sensitivity of a type the asset holds.' },
      types: typeCounts,
      scan: {
        type: 'object',
        required: ['id', 'at', 'samplingMethod'],
        properties: { id: count, at: timestamp, samplingMethod: nullableString },
      },
    },
  },
  EstateSummary: {
    type: 'object',
    required: ['totals', 'bySensitivity', 'types', 'sources', 'latestScan'],
    additionalProperties: false,
    properties: {
      totals: {
        type: 'object',
        required: [
          'sources',
          'assets',
          'piiAssets',
          'fields',
          'piiFields',
          'types',
          'reviewed',
          'needsReview',
        ],
        additionalProperties: count,
      },
      bySensitivity: {
        type: 'object',
        description: 'PII fields by the sensitivity of the most sensitive type they hold.',
        required: ['restricted', 'high', 'medium', 'low', 'unknown'],
        additionalProperties: count,
      },
      types: {
        type: 'array',
        description: 'The most sensitive type first, then the most widespread.',
        items: {
          type: 'object',
          required: ['type', 'sensitivity', 'category', 'fields', 'is', 'contains', 'assets', 'sources'],
          additionalProperties: false,
          properties: {
            type: { type: 'string' },
            sensitivity,
            category: nullableString,
            fields: count,
            is: { ...count, description: 'Fields that *are* the type (prevalence ≥ 0.5).' },
            contains: { ...count, description: 'Fields that only *contain* it.' },
            assets: count,
            sources: count,
          },
        },
      },
      sources: {
        type: 'array',
        items: {
          type: 'object',
          required: ['source', 'kind', 'assets', 'piiAssets', 'fields', 'piiFields', 'sensitivity', 'types'],
          additionalProperties: false,
          properties: {
            source: { type: 'string' },
            kind: nullableString,
            assets: count,
            piiAssets: count,
            fields: count,
            piiFields: count,
            sensitivity,
            types: typeCounts,
          },
        },
      },
      latestScan: {
        type: ['object', 'null'],
        required: ['id', 'at'],
        properties: { id: count, at: timestamp },
      },
    },
  },
  FieldHistory: {
    type: 'object',
    required: ['id', 'source', 'asset', 'field', 'scans', 'reviews'],
    additionalProperties: false,
    properties: {
      id: { type: 'string' },
      source: { type: 'string' },
      asset: { type: 'string' },
      field: { type: 'string' },
      scans: {
        type: 'array',
        description: 'Every scan that read the field, newest first; findings as the machine saw them.',
        items: {
          type: 'object',
          required: ['scan', 'assetScan', 'valuesSeen', 'nonEmpty', 'skipped', 'types', 'findings'],
          properties: {
            scan: {
              type: 'object',
              required: ['id', 'status', 'startedAt', 'finishedAt'],
              properties: {
                id: count,
                status: { type: 'string' },
                startedAt: timestamp,
                finishedAt: nullableString,
              },
            },
            assetScan: {
              type: 'object',
              required: ['status', 'samplingMethod', 'finishedAt'],
              properties: {
                status: { type: 'string' },
                samplingMethod: nullableString,
                finishedAt: timestamp,
              },
            },
            valuesSeen: count,
            nonEmpty: count,
            skipped: nullableString,
            types: { type: 'array', items: { type: 'string' }, description: 'Classified types, sorted.' },
            findings: {
              type: 'array',
              items: {
                type: 'object',
                required: [
                  'path',
                  'type',
                  'detector',
                  'label',
                  'prevalence',
                  'confidence',
                  'matched',
                  'classified',
                ],
                properties: {
                  path: { type: 'string' },
                  type: { type: 'string' },
                  detector: { type: 'string' },
                  label: { enum: ['is', 'contains'] },
                  prevalence: ratio,
                  confidence: ratio,
                  matched: count,
                  classified: { type: 'boolean', description: 'Confidence ≥ 0.5 (no review applied).' },
                },
              },
            },
          },
        },
      },
      reviews: {
        type: 'array',
        description: 'Every review decision on the field, newest first.',
        items: {
          type: 'object',
          required: [
            'at',
            'by',
            'decision',
            'path',
            'type',
            'newType',
            'note',
            'scanId',
            'confidence',
            'prevalence',
          ],
          properties: {
            at: timestamp,
            by: { type: 'string' },
            decision: { enum: ['confirmed', 'rejected', 'retyped'] },
            path: { type: 'string' },
            type: { type: 'string' },
            newType: nullableString,
            note: nullableString,
            scanId: { type: ['integer', 'null'] },
            confidence: { type: ['number', 'null'] },
            prevalence: { type: ['number', 'null'] },
          },
        },
      },
    },
  },
};
