import { parseJsonObjectBytes } from '@madeup/contract';
import { describe, expect, it } from 'vitest';
import { findDuplicateJsonKey } from '../../src/http/duplicate-json-key.ts';
import { JsonBodyScan } from '../../src/http/json-body-scan.ts';

/** What the scan finds over a body parsed in pieces (its value checked against JSON.parse too). */
function scanInPieces(text: string) {
  const bytes = Buffer.from(text, 'utf8');
  const scan = new JsonBodyScan(bytes);
  expect(parseJsonObjectBytes(bytes, scan)).toEqual(JSON.parse(text.replace(/^\ufeff/, '')));
  return scan.found;
}

const rows = (count: number) =>
  Array.from({ length: count }, (_, k) =>
    k % 2 === 0
      ? [`r-${k}`, `é 𝄞 "q" \\ ],[ ${k}`, { a: k }]
      : { externalId: `r-${k}`, fields: { name: `n ${k}`, nested: { b: [k] } } },
  );

describe('JsonBodyScan', () => {
  it('finds what findDuplicateJsonKey finds over the whole text: the same key, path and character offset', () => {
    const big = JSON.stringify({ source: 's', fields: ['name'], rows: rows(4000) });
    const late = big.indexOf('"externalId":"r-3001"');
    const texts = [
      '{"a":1,"b":{"c":1,"c":2}}',
      '{"a":1,"a":2}',
      '{"__proto__":{}}',
      '{"x":{"__proto__":1}}',
      '{"constructor":{"prototype":{}}}',
      '{"x":[{"constructor":{"prototype":1}}]}',
      '{"constructor":[{"prototype":1}]}',
      '{"prototype":1,"constructor":{"x":{"prototype":1}}}',
      '{"a/b~c":{"k":1,"k":2}}',
      '{"é𝄞":{"k\\u0041":1,"kA":2}}',
      `\ufeff{"é":"𝄞","rows":[[1],{"k":1,"k":2}]}`,
      big,
      // Late in a large array, after characters of 2 and 4 bytes: in a record, a poisoning key, at the top.
      `${big.slice(0, late)}"fields":{"x":1,"x":2},${big.slice(late)}`,
      `${big.slice(0, late)}"__proto__":{},${big.slice(late)}`,
      `${big.slice(0, late)}"constructor":{"prototype":{}},${big.slice(late)}`,
      `${big.slice(0, -1)},"source":"again"}`,
    ];
    for (const text of texts) {
      const whole = findDuplicateJsonKey(text.replace(/^\ufeff/, ''));
      expect(scanInPieces(text), text.slice(0, 60)).toEqual(whole);
    }
    expect(findDuplicateJsonKey(big)).toBeUndefined();
    expect(scanInPieces(`${big.slice(0, late)}"fields":{"x":1,"x":2},${big.slice(late)}`)).toMatchObject({
      kind: 'duplicate',
      key: 'x',
      path: '/rows/3001/fields',
    });
  });
});
