import pg from 'pg';
import type { MaskingSqlDialect } from './masking-sql-dialect.js';
import {
  MASKED_OTHERS_PATTERN,
  MASKING_KEY_ENV,
  REDACTED,
  maskedDigitsPattern,
} from './masking-strategies.js';

/** The server setting the hash function reads the key from. */
export const POSTGRES_KEY_SETTING = 'piimap.masking_key';
const HMAC_FUNCTION = 'piimap_hmac_sha256';

/** Masked views for PostgreSQL 11+ (sha256() is built in; no extension needed). */
export const postgresMaskingDialect: MaskingSqlDialect = {
  kind: 'postgres',
  maxIdentifierBytes: 63,
  quote: (identifier) => pg.escapeIdentifier(identifier),
  keyInstructions: () => [
    `Key: hashed columns are HMAC-SHA256, keyed by the setting ${POSTGRES_KEY_SETTING}, which the`,
    `function ${HMAC_FUNCTION}() created below in each schema reads with current_setting() whenever`,
    `a view is read. piimap never writes the key. Set it from ${MASKING_KEY_ENV} in each session that`,
    'reads the views:',
    `  SELECT set_config('${POSTGRES_KEY_SETTING}', $1, false);  -- $1 bound to the key by the client`,
    `or when connecting: PGOPTIONS="-c ${POSTGRES_KEY_SETTING}=$${MASKING_KEY_ENV}" psql ...`,
    `or for a role: ALTER ROLE reporting SET ${POSTGRES_KEY_SETTING} = '...'  (kept in the server's catalog).`,
    'Reading a view with a hashed column while the key is unset is an error. A session that has the',
    'key can read it back (SHOW), and with it test guesses against hashes: set it only for trusted',
    'readers (the service that serves the masked data), and grant others SELECT on the views only.',
  ],
  redact: (column) => `CASE WHEN ${column} IS NULL THEN NULL ELSE '${REDACTED}' END`,
  emailDomain: (column) =>
    `CASE WHEN ${column} IS NULL THEN NULL WHEN strpos(${column}::text, '@') > 0 ` +
    `THEN '***@' || substring(${column}::text from '[^@]*$') ELSE '${REDACTED}' END`,
  lastDigits: (column, digits) =>
    `regexp_replace(regexp_replace(${column}::text, '${maskedDigitsPattern(digits)}', '*', 'g'), ` +
    `'${MASKED_OTHERS_PATTERN}', '*', 'g')`,
  hash: (column, container) => `${container}.${HMAC_FUNCTION}(${column}::text)`,
  hashFunction: (container) => [
    `CREATE OR REPLACE FUNCTION ${container}.${HMAC_FUNCTION}(value text) RETURNS text`,
    '  LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $piimap$',
    'DECLARE',
    `  k bytea := convert_to(coalesce(current_setting('${POSTGRES_KEY_SETTING}', true), ''), 'UTF8');`,
    '  ipad bytea;',
    '  opad bytea;',
    'BEGIN',
    '  IF value IS NULL THEN RETURN NULL; END IF;',
    '  IF length(k) = 0 THEN',
    `    RAISE EXCEPTION '${POSTGRES_KEY_SETTING} is not set: set it from ${MASKING_KEY_ENV} to read masked views';`,
    '  END IF;',
    '  IF length(k) > 64 THEN k := sha256(k); END IF;',
    "  k := k || decode(repeat('00', 64 - length(k)), 'hex');",
    '  ipad := k;',
    '  opad := k;',
    '  FOR i IN 0..63 LOOP',
    '    ipad := set_byte(ipad, i, get_byte(k, i) # 54);',
    '    opad := set_byte(opad, i, get_byte(k, i) # 92);',
    '  END LOOP;',
    "  RETURN encode(sha256(opad || sha256(ipad || convert_to(value, 'UTF8'))), 'hex');",
    'END',
    '$piimap$;',
  ],
};
