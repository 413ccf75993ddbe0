/** The shape of a `detectors/<id>.json` file (see catalog-schema/detector.schema.json). */
export type Sensitivity = 'low' | 'medium' | 'high' | 'restricted';

export interface PatternDefinition {
  name: string;
  regex: string;
  score: number;
  requiresEvidence?: boolean;
}

export type DetectorExample =
  string | { value: string; column?: string; match?: string; regions?: string[]; note?: string };

export interface DetectorDefinition {
  id: string;
  type: string;
  name?: string;
  description?: string;
  category: string;
  specialCategory: false | string;
  sensitivity: Sensitivity;
  patterns: PatternDefinition[];
  validator?: string | string[];
  columnNames?: string[];
  context?: string[];
  exclude?: { columnNames?: string[]; context?: string[] };
  examples: { positive: DetectorExample[]; negative: DetectorExample[] };
}

/** A definition plus where it was loaded from, for error messages and `piimap detectors`. */
export interface LoadedDetector {
  definition: DetectorDefinition;
  file: string;
  builtIn: boolean;
  /** Set when a user folder's detector replaced the built-in one with the same id. */
  overrides?: string;
}

export function validatorNames(definition: DetectorDefinition): string[] {
  const { validator } = definition;
  if (validator === undefined) return [];
  return Array.isArray(validator) ? validator : [validator];
}
