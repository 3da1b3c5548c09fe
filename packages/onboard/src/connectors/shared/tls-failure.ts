/** Node's codes for a server certificate that failed verification. */
const CERTIFICATE_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * What went wrong with TLS, in words, or undefined when `error` is not about TLS: the server's
 * certificate was refused (not signed by the CA given, or not for the host), or the server does
 * not speak TLS at all.
 */
export function tlsFailure(error: unknown, where: string): string | undefined {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  // mysql2 reports any failed handshake as HANDSHAKE_SSL_ERROR, with Node's reason as the message.
  if (typeof code === 'string' && (CERTIFICATE_CODES.has(code) || code === 'HANDSHAKE_SSL_ERROR'))
    return `the TLS certificate of ${where} was refused (${code}: ${text}); check the CA file given (sslrootcert / ssl-ca) and that the URL's host is a name the certificate is for`;
  if (
    /does not support SSL|server does not allow insecure|HANDSHAKE_NO_SSL_SUPPORT/i.test(
      `${String(code)} ${text}`,
    )
  )
    return `${where} does not accept TLS connections (${text}); ask for TLS on the server, or use sslmode=disable / ssl-mode=DISABLED`;
  return undefined;
}
