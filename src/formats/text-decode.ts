/**
 * UTF-8 text from a byte stream: characters split across chunks are joined, a BOM is dropped, and
 * invalid bytes become U+FFFD instead of failing the read (only the head was checked to be text).
 */
export async function* decodeUtf8(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}
