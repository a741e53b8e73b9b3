import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { widenPortList } from '../../server/src/engine/util/widenPortList';

const iv = (from: number, to = from) => ({ from, to });

describe('widenPortList: a literal port list grown the way an admin edits it', () => {
  it('grows the range the new ports touch, in place', () => {
    assert.deepEqual(widenPortList(['10000', '50100-50120'], [iv(50121, 50149)]), [{ replaces: 1, absorbs: [], text: '50100-50149' }]);
  });

  it('grows a range that overlaps the new ports, at either end', () => {
    assert.deepEqual(widenPortList(['50110-50149'], [iv(50100, 50115)]), [{ replaces: 0, absorbs: [], text: '50100-50149' }]);
  });

  it('merges items the new ports join into the first of them', () => {
    assert.deepEqual(widenPortList(['50140-50149', '10000', '50100-50120'], [iv(50121, 50139)]), [{ replaces: 0, absorbs: [2], text: '50100-50149' }]);
  });

  it('turns a single port into a range when the new ports are next to it', () => {
    assert.deepEqual(widenPortList(['10000'], [iv(10001)]), [{ replaces: 0, absorbs: [], text: '10000-10001' }]);
  });

  it('appends ports next to nothing listed, in port order, and leaves a gap of one port a gap', () => {
    assert.deepEqual(widenPortList(['50100-50120', '10000'], [iv(50122, 50149), iv(6101)]), [
      { absorbs: [], text: '6101' },
      { absorbs: [], text: '50122-50149' },
    ]);
  });

  it('leaves keywords and text it cannot read alone', () => {
    assert.deepEqual(widenPortList(['RPC', '$dataPorts', '50100-50120'], [iv(50121, 50149)]), [{ replaces: 2, absorbs: [], text: '50100-50149' }]);
  });

  it('leaves an item whose span does not change as it is written', () => {
    assert.deepEqual(widenPortList(['50100 - 50149', '10000'], [iv(50100, 50110), iv(9999)]), [{ replaces: 1, absorbs: [], text: '9999-10000' }]);
  });

  it('changes nothing when the ports are already listed', () => {
    assert.deepEqual(widenPortList(['50100-50149'], [iv(50120, 50130)]), []);
  });
});
