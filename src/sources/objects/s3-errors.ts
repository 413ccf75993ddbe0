import { SourceError, errorMessage } from '../../shared/errors.js';
import { redactErrorText } from '../../shared/redact.js';

/** The parts of an SDK error (S3ServiceException, a credentials or network error) the messages use. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/** What failed and where: `where` is `s3://bucket/prefix` for listings, `s3://bucket/key` for reads. */
export interface S3Failure {
  where: string;
  bucket: string;
  /** A custom endpoint (no credentials in it), named when it cannot be reached. */
  endpoint: string | undefined;
  operation: 'ListObjectsV2' | 'GetObject';
}

const REJECTED_CREDENTIALS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'TokenRefreshRequired',
]);
const WRONG_REGION = new Set([
  'PermanentRedirect',
  'AuthorizationHeaderMalformed',
  'IllegalLocationConstraintException',
]);
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
]);
const DROPPED = new Set([
  'ECONNRESET',
  'EPIPE',
  'ERR_STREAM_PREMATURE_CLOSE',
  'TimeoutError',
  'RequestTimeout',
]);

function codeOf(error: unknown): string {
  const known = error as SdkErrorShape | undefined;
  return known?.code ?? known?.name ?? 'Error';
}

/** A connection that dropped or timed out: worth another request. */
export function isDroppedConnection(error: unknown): boolean {
  return DROPPED.has(codeOf(error));
}

/**
 * An SDK failure as a SourceError: the subject first, the S3 error code, and what to do. `attempts`
 * counts the tries where the SDK does not (a body that kept dropping).
 */
export function s3Error(failure: S3Failure, error: unknown, attempts?: number): SourceError {
  if (error instanceof SourceError) return error;
  const known = error as SdkErrorShape | undefined;
  const code = codeOf(error);
  const status = known?.$metadata?.httpStatusCode;
  const tried = attempts ?? known?.$metadata?.attempts ?? 1;
  const tries = tried > 1 ? ` after ${tried} attempts` : '';
  const { where, operation } = failure;
  const fail = (text: string, permissionDenied = false): SourceError =>
    new SourceError(`${where}: ${text}`, { cause: error, permissionDenied });

  if (code === 'CredentialsProviderError' || /could not load credentials/i.test(errorMessage(error)))
    return fail(
      `no AWS credentials found (${code}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run with an IAM role`,
    );
  if (REJECTED_CREDENTIALS.has(code))
    return fail(
      `S3 rejected the credentials (${code}); check or refresh the AWS credentials the scanner runs with`,
    );
  if (/region is missing/i.test(errorMessage(error)))
    return fail('no AWS region configured; set "region" in the source or AWS_REGION');
  if (WRONG_REGION.has(code) || status === 301) {
    const region = known?.$response?.headers?.['x-amz-bucket-region'];
    return fail(
      `the bucket is in another region (${code}); set "region" to ${region ?? "the bucket's region"}`,
    );
  }
  if (code === 'NoSuchBucket')
    return fail(
      `no such bucket ${failure.bucket} (NoSuchBucket); check "bucket"${failure.endpoint ? ' and "endpoint"' : ''}`,
    );
  if (UNREACHABLE.has(code))
    return fail(
      `cannot reach S3 at ${failure.endpoint ?? 'its AWS endpoint'} (${code})${tries}; check "endpoint", the network and any proxy`,
    );
  if (DROPPED.has(code))
    return fail(
      `the connection to S3 dropped or timed out (${code})${tries}; check the network and try again`,
    );
  if (code === 'NoSuchKey') return fail('no such object (NoSuchKey); it was deleted since the listing');
  if (code === 'PreconditionFailed')
    return fail('the object was replaced while it was read (PreconditionFailed); scan again to read it');
  if (code === 'InvalidObjectState')
    return fail('the object is archived (InvalidObjectState); restore it from Glacier to scan it');
  if (code === 'AccessDenied' || status === 403)
    return operation === 'ListObjectsV2'
      ? fail(
          `access denied listing objects (${code}); grant s3:ListBucket on the bucket or fix the credentials`,
        )
      : fail(
          `access denied reading the object (${code}); grant s3:GetObject on it (and kms:Decrypt if it is KMS-encrypted)`,
          true,
        );
  const http = status ? `, HTTP ${status}` : '';
  const advice =
    status !== undefined && status >= 500 ? 'S3 kept failing; scan again later' : 'check the source settings';
  return fail(
    `${operation} failed${tries} (${code}${http}): ${redactErrorText(errorMessage(error))}; ${advice}`,
  );
}
