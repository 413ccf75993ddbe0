/**
 * bench/objects: piimap's object sources — an S3 lake of many small objects and one big local
 * JSON Lines file — measured next to their floors in one run.
 *
 *   node --import tsx bench/objects.ts [--runs 3] [--objects 20000] [--mb 1024]
 *
 * Needs `npm run build` first and GNU `/usr/bin/time`; s3rver runs in this process (no Docker).
 * Everything lives in a temp dir and the s3rver, both removed at the end (also on failure or
 * Ctrl-C). It measures:
 *
 *  1. S3: --objects small objects (JSON Lines + gzip, CSV, rotated logs; see objects-s3.ts) under 50
 *     prefixes, uploaded 64 at a time (setup, timed apart). `piimap scan --config <estate>
 *     --workers auto --json` must commit exactly 50 datasets; next to it the listing floor, the
 *     same bucket listed in-process with the SDK's `paginateListObjectsV2` — medians of --runs,
 *     interleaved (the order alternates run by run), after one untimed listing. Objects listed and
 *     sampled come from `piimap export` (scan.objects per dataset), records from the scan events.
 *  2. Files: one --mb MiB JSON Lines file. A sampled scan (default: 1 MiB from the head, sampleSize
 *     10,000) next to `head -c 1048576 file > /dev/null`, and the fixed cost, `piimap scan` of an
 *     empty folder — medians of --runs. Then `--full` (every record of every byte), first on a
 *     100 MiB file (a quick estimate), then on the big one, next to `cat file > /dev/null`: MB/s
 *     and peak RSS, which should stay flat from 100 MiB to the whole file.
 *
 * Peak RSS is the piimap process's (`/usr/bin/time -f %M`); detection workers are threads in it.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type S3Server,
  s3rverCredentials,
  startS3Server,
  uniqueBucketName,
} from '../test/support/s3-server.js';
import { writeJsonLinesFile } from './objects-jsonl.js';
import {
  type PiimapScan,
  exportDatasetObjects,
  killRunningChildren,
  runPiimapScan,
  runProcess,
} from './piimap-process.js';
import { SERVICES, listBucket, seedLake } from './objects-s3.js';
import { fmt, inAlternatingOrder, mbPerSecond, median, seconds } from './stats.js';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    objects: { type: 'string', default: '20000' },
    mb: { type: 'string', default: '1024' },
  },
});
const RUNS = Number(args.runs);
const OBJECTS = Number(args.objects);
const BIG_BYTES = Number(args.mb) * 1024 * 1024;
const SMALL_BYTES = 100 * 1024 * 1024;
const IN_FLIGHT = 64;
const DATASETS = Math.ceil(OBJECTS / Math.ceil(OBJECTS / SERVICES.length));
const HEAD_BYTES = 1024 * 1024;

const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MiB`;
const since = (start: number) => Date.now() - start;

const dir = await mkdtemp(join(tmpdir(), 'piimap-bench-objects-'));
let server: S3Server | undefined;
let catalogCount = 0;
const nextCatalog = () => join(dir, `catalog-${++catalogCount}.db`);

/**
 * Ctrl-C: end the running child, stop issuing work, and let the `finally` below close the s3rver
 * (after its in-flight PUTs) and remove the temp dir. A second Ctrl-C, or 10 s, ends us regardless.
 */
const interrupt = new AbortController();
const onSignal = () => {
  interrupt.abort();
  killRunningChildren();
  setTimeout(() => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  }, 10_000).unref();
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

/** Part 1: piimap over the S3 lake vs listing it, medians of RUNS. */
async function measureS3(s3: S3Server) {
  const bucket = uniqueBucketName('bench-lake');
  await s3.createBucket(bucket);
  const setupStart = Date.now();
  const lakeBytes = await seedLake(
    (key, body) => s3.putObject(bucket, key, body),
    OBJECTS,
    IN_FLIGHT,
    interrupt.signal,
  );
  const setupMs = since(setupStart);
  console.log(
    `\n[s3] ${fmt(OBJECTS)} objects, ${fmt(lakeBytes / 1e6, 1)} MB, ${DATASETS} prefixes, s3rver ${s3.endpoint} (setup ${seconds(setupMs)}, ${IN_FLIGHT} PUTs in flight, ${fmt(OBJECTS / (setupMs / 1000))} PUT/s)`,
  );
  const estate = join(dir, 'estate.json');
  const source = {
    name: 'lake',
    type: 's3',
    bucket,
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
  };
  writeFileSync(estate, JSON.stringify({ sources: [source] }, null, 2));
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: s3rverCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3rverCredentials.secretAccessKey,
  };

  await listBucket(s3.client, bucket); // warm-up: s3rver's files in the OS cache for both
  const scans: (PiimapScan & { listed: number; sampled: number })[] = [];
  const listings: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const catalog = nextCatalog();
    const [scan, listing] = await inAlternatingOrder(
      run,
      () => runPiimapScan(['--config', estate, '--catalog', catalog, '--workers', 'auto'], env),
      () => listBucket(s3.client, bucket),
    );
    if (listing.objects !== OBJECTS)
      throw new Error(`listed ${listing.objects} objects, expected ${OBJECTS}`);
    listings.push(listing.ms);
    if (scan.assets !== DATASETS)
      throw new Error(`piimap committed ${scan.assets} datasets, expected ${DATASETS} (one per prefix)`);
    const datasets = [...(await exportDatasetObjects(catalog)).values()];
    const listed = datasets.reduce((sum, d) => sum + d.objectCount, 0);
    const sampled = datasets.reduce((sum, d) => sum + d.sampledKeys.length, 0);
    if (listed !== OBJECTS) throw new Error(`piimap's datasets hold ${listed} objects, expected ${OBJECTS}`);
    scans.push({ ...scan, listed, sampled });
    console.log(
      `  run ${run + 1}: piimap ${seconds(scan.ms)} (${scan.assets} datasets, ${fmt(listed)} objects listed, ${fmt(sampled)} sampled, ${fmt(scan.rows)} records; peak RSS ${fmt(scan.rssMb)} MB), listing floor ${seconds(listings.at(-1) as number)}`,
    );
  }
  const last = scans.at(-1) as (typeof scans)[number];
  return {
    setupMs,
    lakeBytes,
    piimapMs: median(scans.map((s) => s.ms)),
    listMs: median(listings),
    rssMb: Math.max(...scans.map((s) => s.rssMb)),
    datasets: last.assets,
    listed: last.listed,
    sampled: median(scans.map((s) => s.sampled)),
    records: median(scans.map((s) => s.rows)),
  };
}

async function timed(command: string, commandArgs: string[]): Promise<number> {
  const result = await runProcess(command, commandArgs, { discardStdout: true });
  if (result.status !== 0) throw new Error(`${command} exited ${result.status}:\n${result.stderr}`);
  return result.ms;
}

/** A folder holding one JSON Lines file of at least `bytes`. */
async function jsonLinesFolder(name: string, bytes: number) {
  const folder = join(dir, name);
  mkdirSync(folder);
  const file = join(folder, 'events.jsonl');
  const start = Date.now();
  const written = await writeJsonLinesFile(file, bytes, interrupt.signal);
  return { folder, file, ...written, setupMs: since(start) };
}

/** `--full`: every record of the file is read; one run. */
async function fullScan(folder: string) {
  const scan = await runPiimapScan([folder, '--catalog', nextCatalog(), '--full']);
  if (scan.assets !== 1) throw new Error(`piimap committed ${scan.assets} datasets, expected 1`);
  return scan;
}

/** Part 2: one big JSON Lines file, sampled and full. */
async function measureFiles() {
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  const big = await jsonLinesFolder('big', BIG_BYTES);
  console.log(
    `\n[files] ${big.file}: ${mib(big.bytes)}, ${fmt(big.records)} records (setup ${seconds(big.setupMs)}, ${fmt(mbPerSecond(big.bytes, big.setupMs))} MB/s)`,
  );
  const sampled: PiimapScan[] = [];
  const heads: number[] = [];
  const fixed: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const [scan, headMs] = await inAlternatingOrder(
      run,
      () => runPiimapScan([big.folder, '--catalog', nextCatalog()]),
      () => timed('head', ['-c', String(HEAD_BYTES), big.file]),
    );
    heads.push(headMs);
    if (scan.assets !== 1) throw new Error(`piimap committed ${scan.assets} datasets, expected 1`);
    sampled.push(scan);
    const fixedScan = await runPiimapScan([empty, '--catalog', nextCatalog()]);
    fixed.push(fixedScan.ms);
    console.log(
      `  run ${run + 1}: sampled ${seconds(scan.ms)} (${fmt(scan.rows)} records, ${[...scan.methods].join(', ')}; peak RSS ${fmt(scan.rssMb)} MB), head -c 1 MiB ${seconds(heads.at(-1) as number)}, empty folder ${seconds(fixedScan.ms)} (peak RSS ${fmt(fixedScan.rssMb)} MB)`,
    );
  }

  // Every record: 100 MiB first for an estimate, then the big file.
  const small = await jsonLinesFolder('small', SMALL_BYTES);
  const smallFloor = await timed('cat', [small.file]);
  const smallScan = await fullScan(small.folder);
  rmSync(small.folder, { recursive: true, force: true });
  const estimateMs = (smallScan.ms * big.bytes) / small.bytes;
  console.log(
    `  --full, ${mib(small.bytes)}: ${seconds(smallScan.ms)} (${fmt(mbPerSecond(small.bytes, smallScan.ms), 1)} MB/s, ${fmt(smallScan.rows)} records; peak RSS ${fmt(smallScan.rssMb)} MB), cat ${seconds(smallFloor)}; ${mib(big.bytes)} should take ~${seconds(estimateMs)}`,
  );
  const bigFloor = await timed('cat', [big.file]);
  const bigScan = await fullScan(big.folder);
  if (bigScan.rows !== big.records)
    throw new Error(`piimap --full read ${bigScan.rows} records, expected ${big.records}`);
  console.log(
    `  --full, ${mib(big.bytes)}: ${seconds(bigScan.ms)} (${fmt(mbPerSecond(big.bytes, bigScan.ms), 1)} MB/s, ${fmt(bigScan.rows)} records; peak RSS ${fmt(bigScan.rssMb)} MB), cat ${seconds(bigFloor)}`,
  );
  return {
    bytes: big.bytes,
    records: big.records,
    sampledMs: median(sampled.map((s) => s.ms)),
    sampledRecords: median(sampled.map((s) => s.rows)),
    sampledRssMb: Math.max(...sampled.map((s) => s.rssMb)),
    headMs: median(heads),
    fixedMs: median(fixed),
    small: { bytes: small.bytes, scan: smallScan, floorMs: smallFloor },
    big: { scan: bigScan, floorMs: bigFloor },
  };
}

try {
  console.log(`temp dir ${dir}; ${RUNS} runs per figure, medians`);
  server = await startS3Server();
  const s3 = await measureS3(server);
  await server.close();
  server = undefined;
  const files = await measureFiles();

  const ratio = s3.piimapMs / s3.listMs;
  const full = files.big.scan;
  console.log(`
== summary (${RUNS} runs, medians; --full: 1 run each) ==
S3, ${fmt(OBJECTS)} objects (${fmt(s3.lakeBytes / 1e6, 1)} MB) under ${DATASETS} prefixes, s3rver in-process (setup ${seconds(s3.setupMs)}, not counted):
  piimap scan --workers auto         ${seconds(s3.piimapMs).padStart(9)}  ${s3.datasets} datasets, ${fmt(s3.listed)} objects listed, ${fmt(s3.sampled)} sampled, ${fmt(s3.records)} records, peak RSS ${fmt(s3.rssMb)} MB
  floor: paginateListObjectsV2       ${seconds(s3.listMs).padStart(9)}  ${fmt(OBJECTS / (s3.listMs / 1000))} objects/s
  ratio piimap / listing             ${ratio.toFixed(2)}×
files, one JSON Lines file of ${mib(files.bytes)}, ${fmt(files.records)} records:
  sampled scan (1 MiB head)          ${seconds(files.sampledMs).padStart(9)}  ${fmt(files.sampledRecords)} records, peak RSS ${fmt(files.sampledRssMb)} MB
  fixed cost: scan of an empty folder ${seconds(files.fixedMs).padStart(8)}
  floor: head -c 1 MiB > /dev/null   ${seconds(files.headMs).padStart(9)}
  --full, every record, ${mib(files.small.bytes).padStart(9)}  ${seconds(files.small.scan.ms).padStart(9)}  ${fmt(mbPerSecond(files.small.bytes, files.small.scan.ms), 1).padStart(6)} MB/s, peak RSS ${fmt(files.small.scan.rssMb)} MB (cat ${seconds(files.small.floorMs)})
  --full, every record, ${mib(files.bytes).padStart(9)}  ${seconds(full.ms).padStart(9)}  ${fmt(mbPerSecond(files.bytes, full.ms), 1).padStart(6)} MB/s, peak RSS ${fmt(full.rssMb)} MB (cat ${seconds(files.big.floorMs)}, ${fmt(mbPerSecond(files.bytes, files.big.floorMs))} MB/s)
  peak RSS from ${mib(files.small.bytes)} to ${mib(files.bytes)}: ${fmt(full.rssMb - files.small.scan.rssMb, 0)} MB (${Math.abs(full.rssMb - files.small.scan.rssMb) <= 50 ? 'flat' : 'NOT flat'})`);
} catch (error) {
  if (!interrupt.signal.aborted) throw error;
  console.error('\ninterrupted; cleaning up');
  process.exitCode = 130;
} finally {
  await server?.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
