/**
 * Whether a JSON object key is an id (a map entry's key) rather than a field name. Ids never go
 * into a path: they would leak PII into the catalog (`jane@x.com`) and make one path per entry.
 * Heuristic, tuned to keep real field names (`email`, `ipv4Address`, `ec2InstanceId`, `sha256`,
 * `@timestamp`, `first name`, `x509Sha256Thumbprint`) and collapse what is plainly an id.
 */
const MAX_FIELD_NAME_LENGTH = 64;
/** Only lower-case words and underscores: the common field name, no further checks. */
const SNAKE_CASE = /^[a-z_]+$/;
/** No letter at all and at least one digit: numbers, dates, times, IPv4 addresses, phone numbers. */
const NO_LETTERS_WITH_DIGIT = /^[^\p{L}]*\d[^\p{L}]*$/u;
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;
/** UUIDs, MAC and IPv6 addresses: hex groups with 2+ separators and a digit among them. */
const HEX_GROUPS = /^\{?(?=[^}]*\d)[0-9a-f]*(?:[:.-][0-9a-f]*){2,}\}?$/i;
/** 8+ hex digits with a digit among them (`deadbeef` and `facade` stay words), or 16+ of them. */
const HEX_ID = /^(?:0x)?(?=[a-f]*\d)[0-9a-f]{8,}$|^(?:0x)?[0-9a-f]{16,}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** A token of base-62ish characters, as ULIDs, nanoids, Firebase push ids and Stripe ids are. */
const TOKEN = /^[A-Za-z0-9_-]{10,}$/;
const DIGIT_GROUPS = /\d+/g;
const LOWER_CASE_RUNS = /[a-z]+/g;
const DIGIT = /\d/g;
const LETTER = /\p{L}/gu;

/**
 * 6+ digits outnumbering the letters: account numbers and ids that carry letters (IBANs compact or
 * grouped, `GB82WEST12345698765432`, `DE89 3704 0044 0532 0130 00`; `AB123456C`, `12345678Z`).
 * Field names keep their few digits (`x509Sha256Thumbprint`, `e164PhoneNumber`).
 */
function digitHeavy(key: string): boolean {
  const digits = key.match(DIGIT)?.length ?? 0;
  return digits >= 6 && digits > (key.match(LETTER)?.length ?? 0);
}

/**
 * Digits scattered among letters (3+ separate digit groups), or mixed case whose lower-case runs
 * average under two letters (`MZxFhQkVzYbLpq`; camelCase words like `ec2InstanceId` average more).
 */
function looksRandom(key: string): boolean {
  if (!TOKEN.test(key)) return false;
  if ((key.match(DIGIT_GROUPS)?.length ?? 0) >= 3) return true;
  const lowerRuns = key.match(LOWER_CASE_RUNS) ?? [];
  if (lowerRuns.length < 4 || !/[A-Z]/.test(key)) return false;
  const lowerLetters = lowerRuns.reduce((sum, run) => sum + run.length, 0);
  return lowerLetters / lowerRuns.length < 2;
}

export function isIdLikeKey(key: string): boolean {
  if (SNAKE_CASE.test(key)) return key.length > MAX_FIELD_NAME_LENGTH;
  return (
    key.length > MAX_FIELD_NAME_LENGTH ||
    NO_LETTERS_WITH_DIGIT.test(key) ||
    ISO_DATE_TIME.test(key) ||
    HEX_GROUPS.test(key) ||
    HEX_ID.test(key) ||
    EMAIL.test(key) ||
    digitHeavy(key) ||
    looksRandom(key)
  );
}
