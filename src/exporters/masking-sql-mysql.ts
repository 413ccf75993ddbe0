import { escapeId } from 'mysql2';
import type { MaskingSqlDialect } from './masking-sql-dialect.js';
import {
  MASKED_OTHERS_PATTERN,
  MASKING_KEY_ENV,
  REDACTED,
  maskedDigitsPattern,
} from './masking-strategies.js';

/** The user variable the hash function reads the key from (views may not read variables). */
export const MYSQL_KEY_VARIABLE = '@piimap_masking_key';
const HMAC_FUNCTION = 'piimap_hmac_sha256';
const HMAC_PAD = 'piimap_hmac_pad';
const HMAC_KEY_BLOCK = 'piimap_hmac_key_block';

const KEY = `CAST(CONVERT(${MYSQL_KEY_VARIABLE} USING utf8mb4) AS BINARY)`;
/** HMAC's inner and outer pads: each byte of the key block XOR 0x36 / 0x5c, as 64-bit integers. */
const IPAD = BigInt(`0x${'36'.repeat(8)}`).toString();
const OPAD = BigInt(`0x${'5c'.repeat(8)}`).toString();

/**
 * HMAC-SHA256 in three single-statement functions (no DELIMITER needed, MariaDB and MySQL alike):
 * the key block (the key, hashed when longer than 64 bytes, zero-padded, as hex), the block XOR a
 * pad 8 bytes at a time, and the HMAC itself.
 */
function hmacFunctions(container: string): string[] {
  const [block, pad, hmac] = [HMAC_KEY_BLOCK, HMAC_PAD, HMAC_FUNCTION].map(
    (f) => `${container}.${escapeId(f, true)}`,
  );
  const chunks = Array.from(
    { length: 8 },
    (_, i) =>
      `    LPAD(HEX(CAST(CONV(SUBSTRING(block, ${i * 16 + 1}, 16), 16, 10) AS UNSIGNED) ^ pad), 16, '0')`,
  );
  return [
    ...[hmac, pad, block].map((f) => `DROP FUNCTION IF EXISTS ${f};`),
    `CREATE FUNCTION ${block}() RETURNS CHAR(128) CHARACTER SET ascii`,
    `  NOT DETERMINISTIC READS SQL DATA SQL SECURITY INVOKER`,
    `  RETURN HEX(RPAD(IF(OCTET_LENGTH(${KEY}) > 64, UNHEX(SHA2(${KEY}, 256)), ${KEY}), 64, UNHEX('00')));`,
    `CREATE FUNCTION ${pad}(block CHAR(128) CHARACTER SET ascii, pad BIGINT UNSIGNED) RETURNS VARBINARY(64)`,
    '  DETERMINISTIC NO SQL SQL SECURITY INVOKER',
    `  RETURN UNHEX(CONCAT(\n${chunks.join(',\n')}));`,
    `CREATE FUNCTION ${hmac}(value LONGTEXT CHARACTER SET utf8mb4) RETURNS CHAR(64) CHARACTER SET ascii`,
    '  NOT DETERMINISTIC READS SQL DATA SQL SECURITY INVOKER',
    `  RETURN IF(value IS NULL OR ${MYSQL_KEY_VARIABLE} IS NULL OR ${MYSQL_KEY_VARIABLE} = '', NULL,`,
    `    SHA2(CONCAT(${pad}(${block}(), ${OPAD}),`,
    `      UNHEX(SHA2(CONCAT(${pad}(${block}(), ${IPAD}), CAST(value AS BINARY)), 256))), 256));`,
  ];
}

/** Masked views for MySQL 8.0+ and MariaDB 10.2+ (REGEXP_REPLACE with lookahead). */
export const mysqlMaskingDialect: MaskingSqlDialect = {
  kind: 'mysql',
  maxIdentifierBytes: 64,
  quote: (identifier) => escapeId(identifier, true),
  keyInstructions: () => [
    `Key: hashed columns are HMAC-SHA256, keyed by the user variable ${MYSQL_KEY_VARIABLE}, which the`,
    `function ${HMAC_FUNCTION}() created below in each database (with two helpers) reads whenever`,
    'a view is read; a view may not read variables itself. piimap never writes the key. Set it from',
    `${MASKING_KEY_ENV} in each session that reads the views:`,
    `  SET ${MYSQL_KEY_VARIABLE} = ?;  -- ? bound to the key by the client`,
    `or when connecting: mysql --init-command="SET ${MYSQL_KEY_VARIABLE}='$${MASKING_KEY_ENV}'" ...`,
    'With the key unset, hashed columns read as NULL (and join nothing). A session that has the key',
    'can read it back, and with it test guesses against hashes: set it only for trusted readers',
    '(the service that serves the masked data), and grant others SELECT on the views only.',
    'Creating the functions with binary logging on needs log_bin_trust_function_creators or SUPER.',
  ],
  redact: (column) => `CASE WHEN ${column} IS NULL THEN NULL ELSE '${REDACTED}' END`,
  emailDomain: (column) =>
    `CASE WHEN ${column} IS NULL THEN NULL WHEN LOCATE('@', CONVERT(${column} USING utf8mb4)) > 0 ` +
    `THEN CONCAT('***@', SUBSTRING_INDEX(CONVERT(${column} USING utf8mb4), '@', -1)) ELSE '${REDACTED}' END`,
  lastDigits: (column, digits) =>
    `REGEXP_REPLACE(REGEXP_REPLACE(CONVERT(${column} USING utf8mb4), '${maskedDigitsPattern(digits)}', '*'), ` +
    `'${MASKED_OTHERS_PATTERN}', '*')`,
  hash: (column, container) =>
    `${container}.${escapeId(HMAC_FUNCTION, true)}(CONVERT(${column} USING utf8mb4))`,
  hashFunction: hmacFunctions,
};
