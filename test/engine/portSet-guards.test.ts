import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PortSet } from '../../server/src/engine/util/portSet';

/**
 * PortSet keeps disjoint, non-adjacent intervals: two sets with the same
 * ports print the same (rule signatures and messages are made of the text).
 */
describe('PortSet guards', () => {
  it('merges intervals that meet (…-50119 and 50120-…) and keeps apart those with a gap', () => {
    const pieces = PortSet.of([{ from: 50120, to: 50149 }, { from: 10000, to: 10000 }, { from: 50100, to: 50119 }]);
    assert.deepStrictEqual(pieces.intervals, [{ from: 10000, to: 10000 }, { from: 50100, to: 50149 }]);
    assert.ok(pieces.equals(PortSet.of([{ from: 10000, to: 10000 }, { from: 50100, to: 50149 }])));
    assert.equal(PortSet.ports([10000, 10001, 10003]).toString(), '10000-10001, 10003');
  });
});
