/**
 * Magic numbers of common binary formats, so such objects are skipped with a reason that says what
 * they are rather than being read as text. Only signatures that no text file starts with.
 */
interface Signature {
  name: string;
  offset: number;
  bytes: readonly number[];
}

const ascii = (text: string): number[] => Array.from(text, (char) => char.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { name: 'PNG image', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'JPEG image', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', offset: 0, bytes: ascii('GIF8') },
  { name: 'WebP image', offset: 8, bytes: ascii('WEBP') },
  { name: 'TIFF image', offset: 0, bytes: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF image', offset: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'PDF document', offset: 0, bytes: ascii('%PDF-') },
  { name: 'ZIP archive or Office document', offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'ZIP archive', offset: 0, bytes: [0x50, 0x4b, 0x05, 0x06] },
  { name: '7-Zip archive', offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'RAR archive', offset: 0, bytes: ascii('Rar!\x1a\x07') },
  { name: 'tar archive', offset: 257, bytes: ascii('ustar') },
  { name: 'bzip2-compressed data', offset: 4, bytes: ascii('1AY&SY') },
  { name: 'xz-compressed data', offset: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'zstd-compressed data', offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: 'LZ4-compressed data', offset: 0, bytes: [0x04, 0x22, 0x4d, 0x18] },
  { name: 'gzip inside gzip', offset: 0, bytes: [0x1f, 0x8b] },
  { name: 'ELF executable', offset: 0, bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Mach-O executable', offset: 0, bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'Java class or Mach-O universal binary', offset: 0, bytes: [0xca, 0xfe, 0xba, 0xbe] },
  { name: 'WebAssembly module', offset: 0, bytes: [0x00, 0x61, 0x73, 0x6d] },
  { name: 'SQLite database', offset: 0, bytes: ascii('SQLite format 3\0') },
  { name: 'Avro container', offset: 0, bytes: [...ascii('Obj'), 0x01] },
  { name: 'Arrow IPC file', offset: 0, bytes: ascii('ARROW1') },
  { name: 'MP4/QuickTime video', offset: 4, bytes: ascii('ftyp') },
  { name: 'Ogg media', offset: 0, bytes: ascii('OggS') },
  { name: 'FLAC audio', offset: 0, bytes: ascii('fLaC') },
];

function matchesAt(head: Uint8Array, { offset, bytes }: Signature): boolean {
  if (head.length < offset + bytes.length) return false;
  return bytes.every((byte, i) => head[offset + i] === byte);
}

/** What binary format the head is (`PNG image`), or undefined when no signature matches. */
export function binarySignature(head: Uint8Array): string | undefined {
  return SIGNATURES.find((signature) => matchesAt(head, signature))?.name;
}
