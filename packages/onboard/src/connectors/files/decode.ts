import { createReadStream } from 'node:fs';
import { type Readable, Transform } from 'node:stream';

/**
 * A file as a stream of text chunks in `encoding` (UTF-8 passes through as bytes; others go through
 * a streaming TextDecoder, so multi-byte characters split across chunks survive).
 */
export function openText(path: string, encoding: string): Readable {
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  const label = encoding.toLowerCase().replace('_', '-');
  if (label === 'utf-8' || label === 'utf8') return file;
  const decoder = new TextDecoder(encoding);
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  file.on('error', (error) => transform.destroy(error));
  return file.pipe(transform);
}
