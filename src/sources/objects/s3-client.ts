import { S3Client } from '@aws-sdk/client-s3';
import { s3RetryStrategy } from './s3-retry.js';

export interface S3ClientOptions {
  region?: string;
  /** An S3-compatible service (MinIO, s3rver, …); null or absent means AWS. */
  endpoint?: string | null;
  forcePathStyle?: boolean;
  /** Fixed keys, for tests; otherwise the SDK's default chain (env, profile, SSO, IAM role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per request, the first included (default 5). */
  maxAttempts?: number;
  /** Base of the retry backoff (default the SDK's 50 ms; throttling waits 20 times longer). */
  retryBaseDelayMs?: number;
}

/** Attempts per request, the first included, unless maxAttempts says otherwise. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * A read-only S3 client. Region: the configured one; else, with a custom endpoint, AWS_REGION or
 * us-east-1 (S3-compatible services mostly ignore it, but SigV4 needs one); else the SDK's chain
 * (AWS_REGION, the profile), which fails with "Region is missing" if none is set.
 * Checksums only where an operation requires them: request checksums matter for uploads, which this
 * client never makes, and S3 returns no whole-object checksum for the ranged GETs it does make, so
 * real S3 loses nothing; S3-compatible servers that predate the SDK's default mode (s3rver) are spared it.
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  const endpoint = options.endpoint ?? undefined;
  const region = options.region ?? (endpoint ? process.env.AWS_REGION || 'us-east-1' : undefined);
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  return new S3Client({
    ...(region !== undefined && { region }),
    ...(endpoint !== undefined && { endpoint }),
    ...(options.credentials && { credentials: options.credentials }),
    forcePathStyle: options.forcePathStyle ?? false,
    maxAttempts,
    retryStrategy: s3RetryStrategy(maxAttempts, options.retryBaseDelayMs),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Fail fast on a black-holed endpoint instead of waiting for the OS's connect timeout.
    requestHandler: { connectionTimeout: 10_000 },
  });
}
