/**
 * File extensions a dataset pattern keeps as written. Digit runs elsewhere in a name collapse
 * to `*`, so extensions that hold digits (`.bz2`, `.mp4`, `.7z`) must be recognised first; and a
 * name collapsed for holding PII keeps only extensions from this fixed list, never its own text.
 */
const KNOWN_EXTENSIONS = new Set(
  (
    '7z arrow avro bak bin br bz2 csv dat db doc docx err feather gif gz gzip html ipc jpeg jpg ' +
    'json jsonl log lz4 lzo md mp3 mp4 ndjson orc out parquet pb pdf png psv sql sqlite snappy ' +
    'tar tgz tmp tsv txt xls xlsx xml xz yaml yml z zip zst zstd'
  ).split(' '),
);

/** A file name cut into its stem and its trailing run of known extensions (with their dots). */
export interface NameParts {
  stem: string;
  extensions: string;
}

/**
 * `part-0001.jsonl.gz` → `{stem: 'part-0001', extensions: '.jsonl.gz'}`; `app.log.2.gz` →
 * `{stem: 'app.log.2', extensions: '.gz'}` (the run stops at the first unknown part). The stem
 * keeps at least one character, so `.json` (a hidden file) has no extension.
 */
export function splitKnownExtensions(name: string): NameParts {
  let cut = name.length;
  for (;;) {
    const dot = name.lastIndexOf('.', cut - 1);
    if (dot <= 0 || !KNOWN_EXTENSIONS.has(name.slice(dot + 1, cut).toLowerCase())) break;
    cut = dot;
  }
  return { stem: name.slice(0, cut), extensions: name.slice(cut) };
}
