/**
 * The one place raw matches turn into something safe to show or store: masked previews keep the
 * shape and at most the few characters a person needs to recognise a value (a card's last four,
 * as PCI DSS allows; an email's top-level domain).
 */
const KEEP_LAST: Readonly<Record<string, number>> = {
  credit_card: 4,
  ssn: 4,
  iban: 4,
  phone: 2,
};

function maskAlnum(text: string, keepLast: number): string {
  let alnumSeen = 0;
  const total = (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
  return text.replace(/[\p{L}\p{N}]/gu, (char) => (++alnumSeen > total - keepLast ? char : '*'));
}

function maskEmail(text: string): string {
  const at = text.includes('@') ? text.lastIndexOf('@') : text.toLowerCase().lastIndexOf('%40');
  const host = text.slice(text.indexOf('@') === at ? at + 1 : at + 3);
  const tld = host.slice(host.lastIndexOf('.'));
  return `${text.slice(0, 1)}***@***${tld}`;
}

/** Initials only: "Jane van Dijk" → "J*** v** D***". */
function maskWords(text: string): string {
  return text.replace(
    /[\p{L}\p{N}]+/gu,
    (word) => word.slice(0, 1) + '*'.repeat(Math.min(word.length - 1, 3)),
  );
}

export function maskMatch(type: string, text: string): string {
  if (type === 'email') return maskEmail(text);
  if (type === 'person_name') return maskWords(text);
  const digits = (text.match(/\d/g) ?? []).length;
  const keep = KEEP_LAST[type] ?? (digits >= 8 ? 2 : 0);
  return maskAlnum(text, keep);
}

const SECRET_PARAMS = /^(password|passwd|pwd|sslpassword|token|secret|access_token|api_key|apikey)$/i;

/** A connection URL fit to print and store: no password, no secret query parameters. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()])
      if (SECRET_PARAMS.test(key)) parsed.searchParams.set(key, '***');
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
  }
}

/** Error text from drivers can quote connection strings: strip their passwords before showing it. */
export function redactErrorText(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*):[^\s/@]*@/gi, '$1:***@');
}
