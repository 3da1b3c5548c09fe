import type { ProblemCode } from '@madeup/contract';
import { ProblemError } from './errors/problem-error.ts';

/** What one of Node's parser error codes means: the problem code and where the request broke. */
interface Refusal {
  readonly code: ProblemCode;
  readonly detail: string;
}

const REQUEST_LINE: Refusal = {
  code: 'malformed_request',
  detail: 'the request line is not `METHOD target HTTP/1.1` (a token method, a target without spaces)',
};
const HEADER: Refusal = {
  code: 'invalid_header',
  detail:
    'a header line is not `name: value` (a token name without spaces, a colon, a value of visible characters, no folded lines)',
};
const CHUNKED: Refusal = {
  code: 'invalid_chunked_body',
  detail:
    'the chunked body is broken (each chunk is a hexadecimal size, CRLF, that many bytes, CRLF; extensions at most 16 KiB)',
};

/** llhttp's error codes (as Node reports them) that say which part of the request broke. */
const BY_PARSER_CODE: Readonly<Record<string, Refusal>> = {
  HPE_HEADER_OVERFLOW: {
    code: 'headers_too_large',
    detail: 'the request line and headers exceed the size limit (16 KiB)',
  },
  HPE_INVALID_HEADER_TOKEN: HEADER,
  HPE_INVALID_CONTENT_LENGTH: {
    code: 'invalid_content_length',
    detail: 'the Content-Length header is not one decimal number of bytes below 2^64',
  },
  HPE_UNEXPECTED_CONTENT_LENGTH: {
    code: 'invalid_content_length',
    detail: 'the Content-Length header is repeated with different values',
  },
  HPE_INVALID_TRANSFER_ENCODING: {
    code: 'invalid_transfer_encoding',
    detail:
      'the Transfer-Encoding header must end with `chunked` and cannot come with a Content-Length header',
  },
  HPE_INVALID_CHUNK_SIZE: CHUNKED,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: CHUNKED,
  HPE_INVALID_METHOD: REQUEST_LINE,
  HPE_INVALID_URL: REQUEST_LINE,
  HPE_INVALID_VERSION: REQUEST_LINE,
  HPE_INVALID_CONSTANT: REQUEST_LINE,
  HPE_PAUSED_H2_UPGRADE: {
    code: 'malformed_request',
    detail: 'HTTP/2 without TLS negotiation is not served: send HTTP/1.1',
  },
};

/**
 * The problem for a request Node's HTTP parser (llhttp) or its timeouts refused before Fastify saw
 * it: a specific code for the part that broke (Host, a header line, Content-Length,
 * Transfer-Encoding, the chunked body, the request line), the parser's own reason in the detail.
 * llhttp's generic codes (`HPE_STRICT`, `HPE_CR_EXPECTED`, `HPE_LF_EXPECTED`...) are placed by
 * that reason, which names a chunk or a header when one is at fault.
 */
export function parserRefusal(error: NodeJS.ErrnoException & { reason?: unknown }): ProblemError {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new ProblemError('request_timeout', 'the request (headers and body) was not received in time');
  const reason = typeof error.reason === 'string' ? error.reason : error.message;
  const refusal =
    BY_PARSER_CODE[error.code ?? ''] ??
    (/chunk/i.test(reason)
      ? CHUNKED
      : /header/i.test(reason)
        ? HEADER
        : { code: 'malformed_request', detail: 'the request is not valid HTTP/1.1' });
  return new ProblemError(refusal.code, `${refusal.detail}; the parser says: ${reason}`);
}
