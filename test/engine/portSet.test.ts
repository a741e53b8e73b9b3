import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePortItem, PortSet } from '../../server/src/engine/util/portSet';

/**
 * PortSet keeps sorted, disjoint, non-adjacent intervals: rule signatures
 * (BEX202) and every message print its toString(), so two ways of writing
 * the same ports must print alike.
 */

const set = (...intervals: [number, number][]) => PortSet.of(intervals.map(([from, to]) => ({ from, to })));

describe('PortSet', () => {
  it('merges adjacent intervals, whatever the order they come in: 50120-50149, 10000, 50100-50119 is 10000, 50100-50149', () => {
    const written = set([50120, 50149], [10000, 10000], [50100, 50119]);
    assert.equal(written.toString(), '10000, 50100-50149');
    assert.deepStrictEqual(written.intervals, [{ from: 10000, to: 10000 }, { from: 50100, to: 50149 }]);
    assert.ok(written.equals(set([10000, 10000], [50100, 50149])));
  });

  it('merges overlapping and contained intervals, keeps a gap of one port apart', () => {
    assert.equal(set([10, 20], [15, 30], [12, 13]).toString(), '10-30');
    assert.equal(set([10, 20], [22, 30]).toString(), '10-20, 22-30');
    assert.equal(set([10, 20], [21, 21]).toString(), '10-21');
    assert.equal(PortSet.ports([3, 1, 2, 5]).toString(), '1-3, 5');
  });

  it('drops reversed intervals; an empty set prints as nothing', () => {
    assert.ok(set([20, 10]).isEmpty);
    assert.equal(PortSet.EMPTY.toString(), '');
  });

  it('size, has, union, intersect, subtract, containsAll, overlaps at the edges of intervals', () => {
    const a = set([100, 199], [300, 300]);
    assert.equal(a.size, 101);
    assert.ok(a.has(100) && a.has(199) && a.has(300));
    assert.ok(!a.has(99) && !a.has(200) && !a.has(299) && !a.has(301));
    assert.equal(a.union(set([200, 299])).toString(), '100-300');
    assert.equal(a.intersect(set([150, 300])).toString(), '150-199, 300');
    assert.equal(a.subtract(set([100, 100], [150, 160], [199, 300])).toString(), '101-149, 161-198');
    assert.ok(a.containsAll(set([120, 130], [300, 300])));
    assert.ok(!a.containsAll(set([199, 200])));
    assert.ok(a.overlaps(set([199, 250])));
    assert.ok(!a.overlaps(set([200, 299])));
    assert.equal(PortSet.ALL.subtract(a).size, 65535 - 101);
  });
});

describe('parsePortItem', () => {
  it('reads a port, a quoted port, a range with spaces, and any', () => {
    assert.deepStrictEqual(parsePortItem(10000), { kind: 'interval', interval: { from: 10000, to: 10000 } });
    assert.deepStrictEqual(parsePortItem(' 10000 '), { kind: 'interval', interval: { from: 10000, to: 10000 } });
    assert.deepStrictEqual(parsePortItem('50100 - 50149'), { kind: 'interval', interval: { from: 50100, to: 50149 } });
    assert.deepStrictEqual(parsePortItem('ANY'), { kind: 'any' });
  });

  it('the bounds 1 and 65535 are ports; 0 and 65536 are not', () => {
    assert.equal(parsePortItem(1).kind, 'interval');
    assert.equal(parsePortItem(65535).kind, 'interval');
    assert.equal(parsePortItem('1-65535').kind, 'interval');
    for (const bad of [0, 65536, '0-10', '10-65536']) assert.equal(parsePortItem(bad).kind, 'malformed', String(bad));
  });

  it('says what is wrong with a reversed range and with text that is no port', () => {
    assert.deepStrictEqual(parsePortItem('50149-50100'), { kind: 'malformed', reason: '50149-50100 is reversed (the start is after the end)' });
    assert.deepStrictEqual(parsePortItem('banana'), { kind: 'malformed', reason: '"banana" is neither a port, a range such as 50100-50149, nor any' });
  });

  it('a fraction, infinity, true or a list is of the wrong type: the schema reports those (BEX001), not BEX200', () => {
    for (const value of [10000.5, Infinity, NaN, true, null, [10000], { port: 1 }]) assert.deepStrictEqual(parsePortItem(value), { kind: 'wrong-type' }, String(value));
  });
});
