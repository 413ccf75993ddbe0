/** A finding's evidence in a few words, as `piimap lookup` prints it and the field page shows it. */
export function evidenceWords(
  finding: {
    evidence: Readonly<Record<string, unknown>>;
    matched: number;
    examples?: readonly string[] | null;
  },
  { examples = false }: { examples?: boolean } = {},
): string {
  const e = finding.evidence;
  const parts: string[] = [];
  if (typeof e.nameOnly === 'string') parts.push(`column name only (${e.nameOnly})`);
  else {
    parts.push(
      `${finding.matched}${e.matchedEstimated === true ? ' (estimated)' : ''} matched of ${String(e.candidates ?? finding.matched)} candidates`,
    );
    const validators = e.validators as string[] | undefined;
    if (validators !== undefined && validators.length > 0)
      parts.push(`validated by ${validators.join(', ')}`);
  }
  if (e.columnName === true) parts.push('column name');
  if (typeof e.contextMatches === 'number' && e.contextMatches > 0)
    parts.push(`context words ×${e.contextMatches}`);
  if (examples && finding.examples && finding.examples.length > 0)
    parts.push(`e.g. ${finding.examples.join(', ')}`);
  return parts.join('; ');
}
