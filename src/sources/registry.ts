import { resolve } from 'node:path';
import type { SourceConfig } from '../config/estate-config.js';
import { SourceError } from '../shared/errors.js';
import type { KeyMasker } from './objects/object-source.js';
import { PostgresSource, type PostgresSourceConfig } from './postgres/postgres-source.js';
import type { SourceAdapter } from './source-adapter.js';
import { SqliteSource } from './sqlite/sqlite-source.js';

/** What sources may need from the scan: masking for keys and paths they report. */
export interface SourceServices {
  masker: KeyMasker;
}

/**
 * The one place that knows every source kind. Drivers other than Postgres and SQLite (mysql2, the
 * AWS SDK, the object formats' parsers) load only when a source of their kind is opened, so a
 * command starts without the ones it does not use.
 */
export async function openSource(
  config: SourceConfig,
  baseDir: string,
  services: SourceServices,
): Promise<SourceAdapter> {
  switch (config.type) {
    case 'files': {
      const [{ ObjectSource }, { FileStore }] = await Promise.all([
        import('./objects/object-source.js'),
        import('./objects/file-store.js'),
      ]);
      return new ObjectSource({
        ...objectOptions(config, services),
        kind: 'files',
        store: new FileStore({ root: resolve(baseDir, String(config.path)), ...globs(config) }),
      });
    }
    case 's3': {
      const [{ ObjectSource }, { S3Store }] = await Promise.all([
        import('./objects/object-source.js'),
        import('./objects/s3-store.js'),
      ]);
      return new ObjectSource({
        ...objectOptions(config, services),
        kind: 's3',
        store: new S3Store({
          bucket: String(config.bucket),
          ...(typeof config.prefix === 'string' && { prefix: config.prefix }),
          ...(typeof config.region === 'string' && { region: config.region }),
          ...(typeof config.endpoint === 'string' && { endpoint: config.endpoint }),
          ...(config.forcePathStyle === true && { forcePathStyle: true }),
          ...globs(config),
        }),
      });
    }
    case 'sqlite':
      return new SqliteSource({
        name: config.name,
        path: resolve(baseDir, String(config.path)),
        views: config.views === true,
      });
    case 'postgres':
      return new PostgresSource({
        ...databaseOptions(config, baseDir),
        ...(Array.isArray(config.schemas) && { schemas: config.schemas as string[] }),
      });
    case 'mysql': {
      const { MysqlSource } = await import('./mysql/mysql-source.js');
      return new MysqlSource({
        ...databaseOptions(config, baseDir),
        ...(Array.isArray(config.databases) && { databases: config.databases as string[] }),
      });
    }
    default:
      throw new SourceError(
        `source ${config.name}: unknown source type ${config.type}; use postgres, mysql, sqlite, files or s3`,
      );
  }
}

/** The keys database sources share (DESIGN.md's estate config). */
function databaseOptions(config: SourceConfig, baseDir: string) {
  return {
    name: config.name,
    views: config.views === true,
    ...(config.url !== undefined && { url: String(config.url) }),
    ...(typeof config.maxConnections === 'number' && { maxConnections: config.maxConnections }),
    ...(typeof config.statementTimeoutMs === 'number' && { statementTimeoutMs: config.statementTimeoutMs }),
    ...(config.tls !== undefined && { tls: withCaPath(config.tls as PostgresSourceConfig['tls'], baseDir) }),
  };
}

/** A TLS CA file named in the config is relative to the config file. */
function withCaPath(tls: PostgresSourceConfig['tls'], baseDir: string): PostgresSourceConfig['tls'] {
  return tls?.ca !== undefined ? { ...tls, ca: resolve(baseDir, tls.ca) } : tls;
}

/** DESIGN.md's defaults for files and S3: 20 objects per dataset, the first MiB of each. */
const OBJECTS_PER_DATASET = 20;
const BYTES_PER_OBJECT = 1_048_576;

function objectOptions(config: SourceConfig, services: SourceServices) {
  return {
    name: config.name,
    objectsPerDataset:
      typeof config.objectsPerDataset === 'number' ? config.objectsPerDataset : OBJECTS_PER_DATASET,
    bytesPerObject: typeof config.bytesPerObject === 'number' ? config.bytesPerObject : BYTES_PER_OBJECT,
    masker: services.masker,
  };
}

/** Include/exclude globs, matched by object stores against keys relative to their root. */
function globs(config: SourceConfig) {
  return {
    ...(Array.isArray(config.include) && { include: config.include as string[] }),
    ...(Array.isArray(config.exclude) && { exclude: config.exclude as string[] }),
  };
}
