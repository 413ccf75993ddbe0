import type { CurrentField } from '../catalog/catalog-queries.js';
import { fieldId } from '../catalog/field-lookup.js';
import { type ConfidenceBand, confidenceBand, fieldPii } from './field-pii.js';

export interface FieldRef {
  /** SOURCE.ASSET.FIELD, as `export` and `lookup` print it. */
  id: string;
  source: string;
  asset: string;
  field: string;
}

/** A field and the PII types it holds (sorted; empty when it holds none). */
export interface FieldTypes extends FieldRef {
  types: string[];
}

export interface BecamePii extends FieldTypes {
  /** The field did not exist before (a new column of an asset that did). */
  newField: boolean;
}

export interface StoppedBeingPii extends FieldTypes {
  /** The field is gone (a dropped column); `types` are what it held. */
  removedField: boolean;
}

/** A field that holds PII before and after, with a different set of types. */
export interface TypeChange extends FieldRef {
  before: string[];
  after: string[];
  added: string[];
  removed: string[];
}

/** A type a field holds before and after, whose best confidence moved to another band. */
export interface BandChange extends FieldRef {
  type: string;
  before: { band: ConfidenceBand; confidence: number };
  after: { band: ConfidenceBand; confidence: number };
}

/** A new or removed asset: how many fields it has (had), and those holding PII. */
export interface AssetChange {
  /** SOURCE.ASSET */
  id: string;
  source: string;
  asset: string;
  fields: number;
  pii: FieldTypes[];
}

/**
 * What changed between two catalogs (`fieldsAsOf` two scans). Fields of new and removed assets
 * are listed with their asset only; the field lists cover assets present in both. Every list is
 * ordered by source, asset, field (then type), comparing code units.
 */
export interface CatalogDiff {
  newAssets: AssetChange[];
  removedAssets: AssetChange[];
  /** New fields of assets present in both, PII or not. */
  newFields: FieldTypes[];
  removedFields: FieldTypes[];
  /** Fields that held no PII (or did not exist) and now do. */
  becamePii: BecamePii[];
  /** Fields that held PII and now hold none (or are gone). */
  stoppedBeingPii: StoppedBeingPii[];
  typeChanged: TypeChange[];
  confidenceBand: BandChange[];
}

interface FieldState {
  ref: FieldRef;
  pii: Map<string, number>;
}

export function diffCatalogs(before: readonly CurrentField[], after: readonly CurrentField[]): CatalogDiff {
  const was = byAsset(before);
  const is = byAsset(after);
  const diff: CatalogDiff = {
    newAssets: [],
    removedAssets: [],
    newFields: [],
    removedFields: [],
    becamePii: [],
    stoppedBeingPii: [],
    typeChanged: [],
    confidenceBand: [],
  };
  for (const key of [...new Set([...was.keys(), ...is.keys()])].sort(compare)) {
    const old = was.get(key);
    const now = is.get(key);
    if (old === undefined) diff.newAssets.push(assetChange(now as Map<string, FieldState>));
    else if (now === undefined) diff.removedAssets.push(assetChange(old));
    else diffFields(old, now, diff);
  }
  return diff;
}

/** `--fail-on-new`: a field became PII, or a new asset holds PII. */
export function hasNewPii(diff: CatalogDiff): boolean {
  return diff.becamePii.length > 0 || diff.newAssets.some((asset) => asset.pii.length > 0);
}

function diffFields(old: Map<string, FieldState>, now: Map<string, FieldState>, diff: CatalogDiff): void {
  for (const name of [...new Set([...old.keys(), ...now.keys()])].sort(compare)) {
    const before = old.get(name);
    const after = now.get(name);
    if (before === undefined) {
      const field = fieldTypes(after as FieldState);
      diff.newFields.push(field);
      if (field.types.length > 0) diff.becamePii.push({ ...field, newField: true });
    } else if (after === undefined) {
      const field = fieldTypes(before);
      diff.removedFields.push(field);
      if (field.types.length > 0) diff.stoppedBeingPii.push({ ...field, removedField: true });
    } else compareField(before, after, diff);
  }
}

function compareField(before: FieldState, after: FieldState, diff: CatalogDiff): void {
  const wasTypes = sortedTypes(before.pii);
  const isTypes = sortedTypes(after.pii);
  if (wasTypes.length === 0 && isTypes.length === 0) return;
  if (wasTypes.length === 0) {
    diff.becamePii.push({ ...after.ref, types: isTypes, newField: false });
    return;
  }
  if (isTypes.length === 0) {
    diff.stoppedBeingPii.push({ ...after.ref, types: wasTypes, removedField: false });
    return;
  }
  const added = isTypes.filter((type) => !before.pii.has(type));
  const removed = wasTypes.filter((type) => !after.pii.has(type));
  if (added.length > 0 || removed.length > 0)
    diff.typeChanged.push({ ...after.ref, before: wasTypes, after: isTypes, added, removed });
  for (const type of isTypes) {
    const was = before.pii.get(type);
    const is = after.pii.get(type) as number;
    if (was === undefined || confidenceBand(was) === confidenceBand(is)) continue;
    diff.confidenceBand.push({
      ...after.ref,
      type,
      before: { band: confidenceBand(was), confidence: was },
      after: { band: confidenceBand(is), confidence: is },
    });
  }
}

/** SOURCE\0ASSET → field name → its state. */
function byAsset(fields: readonly CurrentField[]): Map<string, Map<string, FieldState>> {
  const assets = new Map<string, Map<string, FieldState>>();
  for (const field of fields) {
    const key = `${field.source}\0${field.asset}`;
    const own = assets.get(key) ?? new Map<string, FieldState>();
    own.set(field.field, {
      ref: { id: fieldId(field), source: field.source, asset: field.asset, field: field.field },
      pii: fieldPii(field),
    });
    assets.set(key, own);
  }
  return assets;
}

function assetChange(fields: Map<string, FieldState>): AssetChange {
  const states = [...fields.values()].sort((a, b) => compare(a.ref.field, b.ref.field));
  const { source, asset } = (states[0] as FieldState).ref;
  return {
    id: `${source}.${asset}`,
    source,
    asset,
    fields: states.length,
    pii: states.map(fieldTypes).filter((field) => field.types.length > 0),
  };
}

function fieldTypes(state: FieldState): FieldTypes {
  return { ...state.ref, types: sortedTypes(state.pii) };
}

function sortedTypes(pii: Map<string, number>): string[] {
  return [...pii.keys()].sort(compare);
}

/** Code-unit order: the same on every machine and locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
