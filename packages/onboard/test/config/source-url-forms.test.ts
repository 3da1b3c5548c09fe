import { describe, expect, it } from 'vitest';
import { pathOf } from '../../src/connectors/source-url.ts';
import { printedRefusal } from './refused-source-url.ts';

// What people type for a file source at first: a bare path, or two slashes as in http://.
describe('a file source URL written the common wrong ways', () => {
  it('a bare path: says which scheme it needs, with the path', () => {
    expect(printedRefusal('/data/vendor.sqlite')).toBe(
      'onboard: the source URL does not start with a scheme: write sqlite:/data/vendor.sqlite for a SQLite file, file:/data/vendor.sqlite for CSV/NDJSON files',
    );
    expect(printedRefusal('./export')).toContain(
      'write sqlite:./export for a SQLite file, file:./export for',
    );
  });

  it('two slashes: the first folder was taken for a host and dropped; now refused, naming the forms', () => {
    // sqlite://tmp/vendor.sqlite read /vendor.sqlite and said that file did not exist.
    expect(printedRefusal('sqlite://tmp/vendor.sqlite')).toBe(
      'onboard: the source URL sqlite://tmp/vendor.sqlite names a host before its path, which a file cannot have: write sqlite:/path (one slash) or sqlite:///path (three)',
    );
    expect(printedRefusal('file://data/export')).toContain(
      'write file:/path (one slash) or file:///path (three)',
    );
    expect(pathOf('sqlite:///tmp/vendor.sqlite')).toBe('/tmp/vendor.sqlite');
    expect(pathOf('file://localhost/tmp/export')).toBe('/tmp/export');
    expect(pathOf('sqlite:/tmp/vendor.sqlite')).toBe('/tmp/vendor.sqlite');
  });
});
