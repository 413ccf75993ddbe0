import { ConfigError } from '../shared/errors.js';
import type { MaskingPolicy, MaskingRule, MaskingSource } from './masking-policy.js';
import type { MaskingSqlDialect } from './masking-sql-dialect.js';
import { postgresMaskingDialect } from './masking-sql-postgres.js';
import { REDACTED } from './masking-strategies.js';

export type MaskingSqlKind = 'postgres' | 'mysql';

/** Each dialect loads its driver (for its escaping) only when its SQL is asked for. */
const DIALECTS: Readonly<Record<MaskingSqlKind, () => Promise<MaskingSqlDialect>>> = {
  postgres: async () => postgresMaskingDialect,
  mysql: async () => (await import('./masking-sql-mysql.js')).mysqlMaskingDialect,
};

/**
 * `piimap export --format masking --sql postgres|mysql`: a view `<table>_masked` beside each table
 * of the dialect's sources that has a field to mask — text for a DBA to review and apply; piimap
 * never runs it. Identifiers are quoted by the driver's escaping; names in comments are
 * JSON-escaped, so no name ends a comment line. A rule this code does not know masks as redact.
 */
export async function maskingSql(policy: MaskingPolicy, dialect: MaskingSqlKind): Promise<string> {
  const load = Object.hasOwn(DIALECTS, dialect) ? DIALECTS[dialect] : undefined;
  if (load === undefined)
    throw new ConfigError(`--sql: "${String(dialect)}" is not a dialect; use postgres or mysql`);
  const d = await load();
  const lines = header(policy, d);
  for (const [name, source] of Object.entries(policy.sources)) {
    lines.push('', `-- source ${commentText(name)} (${commentText(source.kind)})`);
    if (source.kind !== d.kind) lines.push(`-- skipped: ${skipReason(source.kind, d)}`);
    else lines.push(...sourceViews(source, d));
  }
  return `${lines.join('\n')}\n`;
}

function header(policy: MaskingPolicy, d: MaskingSqlDialect): string[] {
  return [
    `piimap masked views for ${d.kind} sources, from the masking policy generated at ${commentText(policy.generatedAt)}.`,
    "Generated, never run by piimap: review it, then apply each source's part on its server as the",
    "tables' owner. Each table with PII gets a view <table>_masked beside it, with every column the",
    'catalog knows (rescan and regenerate after adding columns); grant readers SELECT on the views,',
    'not on the tables.',
    `Masks: redact: '${REDACTED}' (NULL stays NULL). partial: an email keeps its domain (***@domain);`,
    'card, SSN and phone numbers keep their last digits, and every other digit and character but',
    '- ( ) + . / and space becomes *. hash: the lowercase hex HMAC-SHA256 of the value as UTF-8 text,',
    'the same in every table, so hashed columns still join.',
    ...d.keyInstructions(),
  ].map((line) => `-- ${line}`);
}

function skipReason(kind: string, d: MaskingSqlDialect): string {
  if (kind === 'postgres' || kind === 'mysql')
    return `not a ${d.kind} source: generate its views with --sql ${kind}`;
  return `a ${kind} source is not a SQL database with views: mask it with the policy in a gateway`;
}

function sourceViews(source: MaskingSource, d: MaskingSqlDialect): string[] {
  const lines: string[] = [];
  const withHashFunction = new Set<string>();
  for (const [asset, { columns, fields }] of Object.entries(source.assets)) {
    const rules = new Map(Object.entries(fields));
    const dot = asset.indexOf('.');
    const [container, table] = [asset.slice(0, dot), asset.slice(dot + 1)];
    const view = `${table}_masked`;
    if (rules.size === 0) lines.push(`-- ${commentText(asset)}: no field to mask, no view`);
    else if (dot <= 0 || table === '') lines.push(`-- ${commentText(asset)}: skipped: not <schema>.<table>`);
    else if (columns.length === 0) lines.push(`-- ${commentText(asset)}: skipped: no columns known`);
    else if (Buffer.byteLength(view) > d.maxIdentifierBytes)
      lines.push(
        `-- ${commentText(asset)}: skipped: ${commentText(view)} is longer than ${d.maxIdentifierBytes} bytes`,
      );
    else {
      const quoted = d.quote(container);
      if ([...rules.values()].some((r) => r.strategy === 'hash') && !withHashFunction.has(container)) {
        withHashFunction.add(container);
        lines.push('', ...d.hashFunction(quoted));
      }
      const select = columns.map((column) => {
        const rule = rules.get(column);
        const q = d.quote(column);
        return rule === undefined ? `  ${q}` : `  ${masked(rule, q, quoted, d)} AS ${q}`;
      });
      lines.push(
        '',
        `CREATE OR REPLACE VIEW ${quoted}.${d.quote(view)} AS`,
        'SELECT',
        select.join(',\n'),
        `FROM ${quoted}.${d.quote(table)};`,
      );
    }
  }
  return lines;
}

function masked(rule: MaskingRule, column: string, container: string, d: MaskingSqlDialect): string {
  if (rule.strategy === 'hash') return d.hash(column, container);
  if (rule.strategy !== 'partial') return d.redact(column);
  const keep = rule.partial;
  if (keep?.keep === 'email-domain') return d.emailDomain(column);
  if (keep?.keep === 'last-digits' && Number.isSafeInteger(keep.digits) && keep.digits > 0)
    return d.lastDigits(column, keep.digits);
  return d.redact(column);
}

/** A name as a JSON string, with the line breaks JSON leaves raw escaped too. */
function commentText(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
