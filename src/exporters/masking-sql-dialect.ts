/**
 * What masked-view SQL needs from a database dialect: quoting (the driver's own escaping) and one
 * expression per strategy. Column and container arguments arrive quoted; every other piece of
 * SQL a dialect writes is a constant or a validated integer, never text from the catalog.
 */
export interface MaskingSqlDialect {
  /** The source kind the views are for. */
  kind: 'postgres' | 'mysql';
  /** Longer identifiers are cut (Postgres) or refused (MySQL) by the server. */
  maxIdentifierBytes: number;
  quote(identifier: string): string;
  /** Header comment lines saying exactly how the hash key reaches the server. */
  keyInstructions(): string[];
  redact(column: string): string;
  emailDomain(column: string): string;
  lastDigits(column: string, digits: number): string;
  /** `container` is the quoted schema (Postgres) or database (MySQL) holding the hash function. */
  hash(column: string, container: string): string;
  /** The statements that create the hash function in a container, before its views. */
  hashFunction(container: string): string[];
}
