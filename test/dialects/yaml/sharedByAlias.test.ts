import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sharedByAlias } from '../../../server/src/engine/dialects/yaml/sharedByAlias';

/** The range of `needle` in `text`. */
const at = (text: string, needle: string): [number, number] => {
  const start = text.indexOf(needle);
  assert.ok(start >= 0, needle);
  return [start, start + needle.length];
};

describe('sharedByAlias: whether an edit at a place would also change what an alias repeats', () => {
  const rules = (first: string, second: string) => `rules:\n  - name: a\n    ports: ${first}\n  - name: b\n    ports: ${second}\n`;

  it('a list anchored and repeated by alias is shared; the aliasing rule\'s own other values are not', () => {
    const text = rules('&p [10000, 50100-50120]', '*p');
    assert.equal(sharedByAlias(text, at(text, '50100-50120')), true);
    assert.equal(sharedByAlias(text, at(text, 'name: b')), false);
  });

  it('an anchor no alias names shares nothing', () => {
    const text = rules('&p [10000, 50100-50120]', '[6101]');
    assert.equal(sharedByAlias(text, at(text, '50100-50120')), false);
  });

  it('a whole rule merged elsewhere (<<: *base) is shared, in flow and block style', () => {
    const flow = 'rules:\n  - &base { name: a, ports: [10000] }\n  - { <<: *base, name: b }\n';
    assert.equal(sharedByAlias(flow, at(flow, '10000')), true);
    const block = 'rules:\n  - &base\n    name: a\n    ports: [10000]\n  - <<: *base\n    name: b\n';
    assert.equal(sharedByAlias(block, at(block, '10000')), true);
  });

  it('look-alikes are no anchors: R&D in a name, *nix in a comment, a & b in quotes', () => {
    const text = rules('[10000, 50100-50120]', '[6101]').replace('name: a', 'name: R&D *D "x &y" # *y');
    assert.equal(sharedByAlias(text, at(text, '50100-50120')), false);
  });
});
