/**
 * Typed errors. Messages put the subject first ("detector ssn: patterns[1]: ...") and say
 * what to do; only the CLI turns them into output and exit codes.
 */
export type PiimapErrorCode =
  'DETECTOR_DEFINITION' | 'CONFIG' | 'USAGE' | 'INPUT' | 'SOURCE' | 'CATALOG' | 'LOCKED';

export class PiimapError extends Error {
  readonly code: PiimapErrorCode;

  constructor(code: PiimapErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** A detector file that cannot be used: bad JSON, schema violation, unknown validator, non-RE2 pattern. */
export class DetectorDefinitionError extends PiimapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DETECTOR_DEFINITION', message, options);
  }
}

/** An estate config or command-line option that cannot be used. */
export class ConfigError extends PiimapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFIG', message, options);
  }
}

/** A command line that cannot be used (bad flag value, missing argument). */
export class UsageError extends PiimapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
  }
}

/** An input the user named (a file to detect in) that cannot be read. */
export class InputError extends PiimapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INPUT', message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A source or asset that cannot be read; recorded for that source/asset, the scan goes on. */
export class SourceError extends PiimapError {
  /** The scanning user may not read the asset's values (it is still cataloged from its metadata). */
  readonly permissionDenied: boolean;

  constructor(message: string, options?: { cause?: unknown; permissionDenied?: boolean }) {
    super('SOURCE', message, options);
    this.permissionDenied = options?.permissionDenied === true;
  }
}

/** The catalog cannot be opened or written. */
export class CatalogError extends PiimapError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CATALOG', message, options);
  }
}

/** The scan that holds a catalog's one-writer lock, as its lock row names it. */
export interface CatalogLockHolder {
  /** NULL for the moment between taking the lock and recording the scan. */
  scanId: number | null;
  pid: number;
  host: string;
  user: string;
  acquiredAt: string;
  heartbeatAt: string;
}

/** Another scan holds the catalog (exit 3); the message names it. */
export class CatalogLockedError extends PiimapError {
  readonly holder: CatalogLockHolder;

  constructor(message: string, options: { cause?: unknown; holder: CatalogLockHolder }) {
    super('LOCKED', message, options);
    this.holder = options.holder;
  }
}
