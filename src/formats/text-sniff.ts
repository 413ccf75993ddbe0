/**
 * Whether the head of an object is text piimap can read (UTF-8), or why not. Only the head is
 * judged: past it, invalid bytes are decoded as U+FFFD rather than ending the read.
 */

/** Control characters (other than tab, line breaks, form feed and ESC for coloured logs) per byte allowed. */
const MAX_CONTROL_SHARE = 0.01;

function utf16Or32Bom(head: Uint8Array): boolean {
  const [a, b] = head;
  return (a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff);
}

function isAllowedControl(byte: number): boolean {
  return byte === 0x09 || byte === 0x0a || byte === 0x0b || byte === 0x0c || byte === 0x0d || byte === 0x1b;
}

/** Undefined when the head is UTF-8 text; else the reason to skip the object. */
export function textProblem(head: Uint8Array): string | undefined {
  if (utf16Or32Bom(head)) return 'UTF-16/UTF-32 text (not supported)';
  let controls = 0;
  for (const byte of head) {
    if (byte === 0) return 'binary content (NUL bytes)';
    if (byte < 0x20 && !isAllowedControl(byte)) controls++;
  }
  if (controls > head.length * MAX_CONTROL_SHARE) return 'binary content (control characters)';
  try {
    // `stream: true`: a character cut by the end of the head is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    return 'binary content (invalid UTF-8)';
  }
  return undefined;
}
