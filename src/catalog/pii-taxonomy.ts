import type { DetectorDefinition, Sensitivity } from '../detection/detector-definition.js';
import { highestSensitivity } from '../exporters/gdpr-categories.js';

/** What the loaded detectors say about a PII type: how sensitive it is and its category. */
export interface TypeInfo {
  /** null: no loaded detector reports the type (a user detector not loaded, a reviewer's own type). */
  sensitivity: Sensitivity | null;
  category: string | null;
}

type DetectorInfo = Pick<DetectorDefinition, 'id' | 'type' | 'category' | 'sensitivity'>;

/**
 * Sensitivity and category per detector and per type, from detector definitions (detectors/*.json).
 * A finding takes its detector's sensitivity; a type several detectors report (person_name) the
 * highest of theirs; a retyped finding its new type's.
 */
export class PiiTaxonomy {
  private readonly byDetector: ReadonlyMap<string, DetectorInfo>;
  private readonly byType: ReadonlyMap<string, TypeInfo>;

  constructor(detectors: readonly DetectorInfo[]) {
    this.byDetector = new Map(detectors.map((d) => [d.id, d]));
    const types = new Map<string, TypeInfo>();
    for (const d of detectors) {
      const known = types.get(d.type);
      types.set(d.type, {
        sensitivity: highestSensitivity([known?.sensitivity ?? null, d.sensitivity]),
        category: known?.category ?? d.category,
      });
    }
    this.byType = types;
  }

  ofType(type: string): TypeInfo {
    return this.byType.get(type) ?? { sensitivity: null, category: null };
  }

  /** A finding of `detector` whose effective type is `type`. */
  ofFinding(detector: string, type: string): Sensitivity | null {
    const own = this.byDetector.get(detector);
    return own !== undefined && own.type === type ? own.sensitivity : this.ofType(type).sensitivity;
  }
}

/** Sensitivities from the most to the least sensitive; `unknown` last. */
export const SENSITIVITY_ORDER = ['restricted', 'high', 'medium', 'low'] as const;

/** restricted 4 … low 1, unknown 0: for sorting the most sensitive first. */
export function sensitivityRank(sensitivity: Sensitivity | null): number {
  return sensitivity === null ? 0 : SENSITIVITY_ORDER.length - SENSITIVITY_ORDER.indexOf(sensitivity);
}
