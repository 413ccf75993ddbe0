import { errorMessage } from '../shared/errors.js';

/** Errors Node's TLS layer raises when the server's certificate cannot be trusted or does not match. */
const CERTIFICATE_PROBLEM =
  /certificate|self[- ]signed|altnames|unable to verify|CERT_|UNABLE_TO_GET_ISSUER|DEPTH_ZERO|ERR_TLS/i;

/** What to do about a failed connection: where to look depends on what failed. */
export function connectHint(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const text = `${errorMessage(error)} ${typeof code === 'string' ? code : ''}`;
  if (CERTIFICATE_PROBLEM.test(text))
    return "the server's TLS certificate was not accepted: set tls.ca to the PEM file of the CA that signed it (and tls.servername to the name in the certificate if the URL uses another)";
  return 'check the URL, network and credentials';
}
