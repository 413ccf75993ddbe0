/** Options that change what counts as a match, shared by the engine and the validators. */
export interface DetectionOptions {
  /** ISO 3166 regions whose national phone formats are recognised (international + numbers always are). */
  defaultRegions: readonly string[];
  /** "Today" for plausibility checks such as a birth date not lying in the future. */
  referenceDate: Date;
}

export const DEFAULT_DETECTION_OPTIONS: DetectionOptions = Object.freeze({
  defaultRegions: Object.freeze(['US']),
  referenceDate: new Date(),
});
