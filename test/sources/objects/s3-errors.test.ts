import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SourceError } from '../../../src/shared/errors.js';
import { type S3Failure, s3Error } from '../../../src/sources/objects/s3-errors.js';

const listing: S3Failure = {
  where: 's3://b/logs/',
  bucket: 'b',
  endpoint: undefined,
  operation: 'ListObjectsV2',
};
const reading: S3Failure = {
  where: 's3://b/logs/a.gz',
  bucket: 'b',
  endpoint: undefined,
  operation: 'GetObject',
};

/** An SDK service error as the client throws it: name = S3 error code, plus $metadata. */
function serviceError(name: string, status: number, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`${name} message`), {
    name,
    $metadata: { httpStatusCode: status, attempts: 1 },
    $response: { headers },
  });
}

test('access denied: listing names s3:ListBucket; reading names s3:GetObject and is a permission problem', () => {
  const list = s3Error(listing, serviceError('AccessDenied', 403));
  assert.equal(
    list.message,
    's3://b/logs/: access denied listing objects (AccessDenied); grant s3:ListBucket on the bucket or fix the credentials',
  );
  assert.equal(list.permissionDenied, false);
  const read = s3Error(reading, serviceError('AccessDenied', 403));
  assert.match(
    read.message,
    /^s3:\/\/b\/logs\/a\.gz: access denied reading the object \(AccessDenied\); grant s3:GetObject/,
  );
  assert.equal(read.permissionDenied, true);
});

test('missing credentials say where credentials come from', () => {
  const error = Object.assign(new Error('Could not load credentials from any providers'), {
    name: 'CredentialsProviderError',
  });
  assert.match(
    s3Error(listing, error).message,
    /^s3:\/\/b\/logs\/: no AWS credentials found \(CredentialsProviderError\); set AWS_PROFILE/,
  );
});

test('a wrong region names the bucket region S3 reports', () => {
  const redirect = serviceError('PermanentRedirect', 301, { 'x-amz-bucket-region': 'eu-central-1' });
  assert.equal(
    s3Error(listing, redirect).message,
    's3://b/logs/: the bucket is in another region (PermanentRedirect); set "region" to eu-central-1',
  );
  assert.match(
    s3Error(listing, serviceError('AuthorizationHeaderMalformed', 400)).message,
    /set "region" to the bucket's region/,
  );
  assert.match(
    s3Error(listing, new Error('Region is missing')).message,
    /no AWS region configured; set "region"/,
  );
});

test('an unknown host names the endpoint; other failures keep the S3 code; SourceErrors pass through', () => {
  const dns = Object.assign(new Error('getaddrinfo ENOTFOUND minio'), {
    code: 'ENOTFOUND',
    $metadata: { attempts: 5 },
  });
  assert.equal(
    s3Error({ ...listing, endpoint: 'http://minio:9000' }, dns).message,
    's3://b/logs/: cannot reach S3 at http://minio:9000 (ENOTFOUND) after 5 attempts; check "endpoint", the network and any proxy',
  );
  assert.match(
    s3Error(reading, serviceError('InvalidObjectState', 403)).message,
    /the object is archived \(InvalidObjectState\)/,
  );
  assert.match(s3Error(reading, serviceError('NoSuchKey', 404)).message, /no such object \(NoSuchKey\)/);
  const original = new SourceError('already mapped');
  assert.equal(s3Error(reading, original), original);
});
