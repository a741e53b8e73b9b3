import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAddressOrCidr } from '../../server/src/engine/util/address';

/** Address notation at its bounds: the longest prefix and the highest octet are valid, one more is not. */
describe('address parsing guards', () => {
  for (const [text, expected] of [
    ['10.0.1.10/32', { family: 4, first: 0x0a00010an, last: 0x0a00010an }],
    ['10.0.1.10/33', undefined],
    ['fd00::10/128', { family: 6, first: 0xfd000000000000000000000000000010n, last: 0xfd000000000000000000000000000010n }],
    ['fd00::10/129', undefined],
    ['10.255.255.255', { family: 4, first: 0x0affffffn, last: 0x0affffffn }],
    ['10.0.255.0/24', { family: 4, first: 0x0a00ff00n, last: 0x0a00ffffn }],
    ['10.0.256.0', undefined],
  ] as const) {
    it(`${text}: ${expected ? `${expected.first === expected.last ? 'one address' : 'a range'}` : 'not an address'}`, () => {
      assert.deepStrictEqual(parseAddressOrCidr(text), expected);
    });
  }
});
