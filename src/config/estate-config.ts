/** The estate config after validation (catalog-schema/estate.schema.json); later issues extend it. */
export interface DetectorsConfig {
  paths?: string[];
  enable?: string[];
  disable?: string[];
}

export interface SourceConfig {
  name: string;
  type: 'postgres' | 'mysql' | 'sqlite' | 's3' | 'files';
  [key: string]: unknown;
}

export interface EstateConfig {
  catalog?: string;
  sampleSize?: number;
  maxValueBytes?: number;
  workers?: 'auto' | number;
  examples?: 'none' | 'masked';
  defaultRegions?: string[];
  detectors?: DetectorsConfig;
  allow?: { values?: string[]; patterns?: string[]; assets?: string[] };
  sources?: SourceConfig[];
}

/** A loaded config and the folder relative paths in it are resolved against. */
export interface LoadedConfig {
  config: EstateConfig;
  file: string;
  baseDir: string;
}
