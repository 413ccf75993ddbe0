/**
 * The S3 lake of bench/objects: OBJECTS small objects over the 50 service prefixes below, each
 * prefix one dataset once piimap collapses dates, Hive partitions, part numbers and rotation:
 *
 *   svc-<name>/dt=2026-11-<dd>/part-<nnnn>.jsonl.gz   JSON Lines, gzipped  (3 prefixes in 5)
 *   svc-<name>/dt=2026-11-<dd>/part-<nnnn>.csv        CSV with a header    (1 in 5)
 *   svc-<name>/logs/app.log.<nnnn>[.gz]               text logs, rotated   (1 in 5)
 *
 * No live `app.log` beside its rotations: s3rver pages through keys in the order of its files
 * (`app.log._S3rver_object` sorts after `app.log.0001…`), so a key that is the start of another
 * is listed twice or not at all across ListObjectsV2 pages, and the counts below would be off.
 * Service names are words, not numbers: digits would collapse `svc-1` and `svc-2` into one dataset.
 * Each object is a few hundred bytes: three records, each with an email and a phone number.
 */
import { gzipSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { paginateListObjectsV2 } from '@aws-sdk/client-s3';

export const SERVICES = [
  'accounts', 'ads', 'analytics', 'archive', 'audit', 'auth', 'backups', 'billing', 'campaigns',
  'cards', 'catalog', 'chat', 'checkout', 'clicks', 'consent', 'coupons', 'events', 'exports',
  'fraud', 'gateway', 'imports', 'inventory', 'invoices', 'kyc', 'ledger', 'loans', 'loyalty',
  'mailer', 'metrics', 'notify', 'onboarding', 'orders', 'payments', 'pricing', 'profiles', 'push',
  'ratings', 'refunds', 'returns', 'reviews', 'rewards', 'risk', 'search', 'sessions', 'shipping',
  'sms', 'support', 'taxes', 'tickets', 'wallet',
]; // prettier-ignore

const RECORDS_PER_OBJECT = 3;

export interface LakeObject {
  key: string;
  body: Uint8Array | string;
}

function email(n: number): string {
  return `user${n}@${['gmail.com', 'yahoo.co.uk', 'corp-mail.io', 'web.de'][n % 4]}`;
}

function phone(n: number): string {
  return `+1 (${201 + (n % 700)}) ${200 + ((n * 7) % 800)}-${String(n % 10_000).padStart(4, '0')}`;
}

function day(i: number): string {
  return `2026-11-${String(1 + (i % 30)).padStart(2, '0')}`;
}

/** Object `i` (0-based, the whole lake) of OBJECTS, its key and body. */
export function lakeObject(i: number, objects: number): LakeObject {
  const perService = Math.ceil(objects / SERVICES.length);
  const service = Math.floor(i / perService);
  const n = i % perService;
  const prefix = `svc-${SERVICES[service]}`;
  const part = String(n).padStart(4, '0');
  const first = i * RECORDS_PER_OBJECT;
  const records = Array.from({ length: RECORDS_PER_OBJECT }, (_, r) => first + r);
  switch (service % 5) {
    case 3:
      return {
        key: `${prefix}/dt=${day(n)}/part-${part}.csv`,
        body: `id,email,phone,city,status\n${records.map((r) => `${r},${email(r)},"${phone(r)}",Springfield,active\n`).join('')}`,
      };
    case 4: {
      const lines = records
        .map((r) => `${day(n)}T10:${String(r % 60).padStart(2, '0')}:00Z INFO checkout ok user=${email(r)} phone="${phone(r)}" order=${r} items=${1 + (r % 9)}\n`)
        .join(''); // prettier-ignore
      if (n < 8) return { key: `${prefix}/logs/app.log.${part}`, body: lines };
      return { key: `${prefix}/logs/app.log.${part}.gz`, body: gzipSync(lines) };
    }
    default: {
      const jsonl = records
        .map((r) =>
          JSON.stringify({
            id: r,
            ts: `${day(n)}T10:00:${String(r % 60).padStart(2, '0')}Z`,
            email: email(r),
            phone: phone(r),
            msg: `order ${r} shipped in ${1 + (r % 9)} boxes`,
          }),
        )
        .join('\n');
      return { key: `${prefix}/dt=${day(n)}/part-${part}.jsonl.gz`, body: gzipSync(`${jsonl}\n`) };
    }
  }
}

/**
 * Uploads the lake, `inFlight` PUTs at a time; returns the bytes stored. Once `signal` aborts no PUT
 * starts, and it throws when those in flight are done (so the server can close cleanly).
 */
export async function seedLake(
  put: (key: string, body: Uint8Array | string) => Promise<void>,
  objects: number,
  inFlight: number,
  signal: AbortSignal,
): Promise<number> {
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < objects && !signal.aborted) {
        const { key, body } = lakeObject(next++, objects);
        bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
        await put(key, body);
      }
    }),
  );
  signal.throwIfAborted();
  return bytes;
}

/** The listing floor: every key of the bucket through the SDK paginator, 1,000 per page. */
export async function listBucket(client: S3Client, bucket: string): Promise<{ ms: number; objects: number }> {
  const start = process.hrtime.bigint();
  let objects = 0;
  for await (const page of paginateListObjectsV2({ client, pageSize: 1000 }, { Bucket: bucket }))
    objects += page.Contents?.length ?? 0;
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, objects };
}
