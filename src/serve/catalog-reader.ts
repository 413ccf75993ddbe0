import { type CurrentField, currentFields } from '../catalog/catalog-queries.js';
import { SqliteCatalogStore } from '../catalog/catalog-store.js';

interface Snapshot {
  version: number;
  fields: readonly CurrentField[];
  byId?: readonly CurrentField[];
}

/**
 * One read-only handle on the catalog for the server's lifetime. The current fields are read
 * once and kept until another connection commits (a scan's asset, a review): SQLite's
 * `data_version` changes then, and the next request reads them again. So requests see every
 * committed scan without re-reading 100,000 fields each time.
 */
export class CatalogReader {
  readonly store: SqliteCatalogStore;
  private snapshot: Snapshot | undefined;

  private constructor(store: SqliteCatalogStore) {
    this.store = store;
  }

  /** Fails (ConfigError) when the catalog is missing or unreadable. */
  static open(path: string): CatalogReader {
    return new CatalogReader(SqliteCatalogStore.open(path, { readonly: true }));
  }

  /** Every current field, in the catalog's order (source, asset, column position), as `export` prints them. */
  fields(): readonly CurrentField[] {
    return this.current().fields;
  }

  /** The same fields ordered by source, asset and field name (code units): a stable order to page through. */
  fieldsById(): readonly CurrentField[] {
    const snapshot = this.current();
    snapshot.byId ??= [...snapshot.fields].sort(
      (a, b) => compare(a.source, b.source) || compare(a.asset, b.asset) || compare(a.field, b.field),
    );
    return snapshot.byId;
  }

  close(): void {
    this.snapshot = undefined;
    this.store.close();
  }

  private current(): Snapshot {
    const version = this.store.db.pragma('data_version', { simple: true }) as number;
    if (this.snapshot?.version !== version) this.snapshot = { version, fields: currentFields(this.store) };
    return this.snapshot;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
