/**
 * Text that holds U+FFFD (what `decodeUtf8` puts for invalid UTF-8 bytes) or NUL (binary bytes in
 * a text object): a record read from it is counted as malformed. Two linear scans, no regex. A
 * U+FFFD that was in the file as such counts too: the decoder does not say which ones it made.
 */
export function hasDamagedText(text: string): boolean {
  return text.includes('\uFFFD') || text.includes('\u0000');
}
