import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { doHover, getDefaultCatalog } from '../../server/src/engine';
import { md } from '../../server/src/engine/language/markdown';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../server/src/engine/service';
import { checkFiles, memoryService, uriOf } from '../support/engine';

describe('what one file can make the engine say is bounded', () => {
  it(`a file with 5,000 bad rules gets ${MAX_DIAGNOSTICS_PER_FILE} diagnostics, the last saying how many more there are`, () => {
    const text = `version: 1\nrules:\n${'  - {}\n'.repeat(5000)}`;
    const report = memoryService({}).checkRuleFile({ uri: uriOf('many.fwrules.yaml'), text });
    const diagnostics = report.diagnostics.get(uriOf('many.fwrules.yaml'))!;
    assert.equal(diagnostics.length, MAX_DIAGNOSTICS_PER_FILE);
    assert.match(String(diagnostics[MAX_DIAGNOSTICS_PER_FILE - 1].message), /\(and [\d,]+ more problem\(s\) in this file, not shown: fix these first\)$/);
    assert.doesNotMatch(String(diagnostics[MAX_DIAGNOSTICS_PER_FILE - 2].message), /more problem/);
    // In position order: the first shown is the first rule's.
    assert.equal(diagnostics[0].range.start.line, 2);
  });

  it('a file at the cap is not told of more', () => {
    const text = `version: 1\nrules:\n${'  - {}\n'.repeat(10)}`;
    const diagnostics = memoryService({}).checkRuleFile({ uri: uriOf('few.fwrules.yaml'), text }).diagnostics.get(uriOf('few.fwrules.yaml'))!;
    assert.ok(diagnostics.length > 0 && diagnostics.length < MAX_DIAGNOSTICS_PER_FILE);
    assert.ok(diagnostics.every((d) => !/more problem/.test(String(d.message))));
  });

  it('control characters in a name reach no message raw (ESC, BEL, CR, LF)', async () => {
    const name = 'dmz\u001b[2J\u0007\r\nfake.yaml:1:1 error';
    const files = {
      'site.bexnet.yaml': `version: 1\nhosts:\n  - { name: be01, role: backup-exec-server, address: 10.0.1.10 }\n  - { name: sql01, role: remote-computer, address: 10.0.2.20 }\nfirewalls:\n  - { name: ${JSON.stringify(name)}, rules: dmz.fwrules.yaml, protects: [sql01] }\n`,
      'dmz.fwrules.yaml': 'version: 1\nevaluation: first-match\ndefaults: { inbound: block, outbound: allow }\nrules: []\n',
    };
    const { report } = await checkFiles(files, 'site.bexnet.yaml');
    const texts = [...report.diagnostics.values()].flat().flatMap((d) => [String(d.message), ...(d.relatedInformation ?? []).map((r) => r.message)]);
    assert.ok(texts.some((t) => t.includes('dmz\\u001b[2J\\u0007\\u000d\\u000afake.yaml:1:1 error')), texts.join('\n'));
    assert.ok(texts.every((t) => !/[\u0000-\u001f]/.test(t)));
  });

  it('control characters in a name reach no hover raw: md() shows them as escapes, then escapes Markdown', () => {
    assert.equal(md('be01\u001b]0;owned\u0007\r\n*x*'), 'be01\\\\u001b\\]0;owned\\\\u0007\\\\u000d\\\\u000a\\*x\\*');
    const text = 'version: 1\nrules:\n  - name: "be01\\e[2J\\a\\r\\nfake.yaml:1:1 error"\n    action: allow\n    protocol: tcp\n    from: [any]\n    to: [any]\n    ports: [10000]\n';
    const model = memoryService({}).parseRuleFile({ uri: uriOf('hostile.fwrules.yaml'), text });
    const hover = doHover({ catalog: getDefaultCatalog(), file: { kind: 'rules', model }, offset: text.indexOf('be01') + 1 });
    assert.ok(hover?.markdown.includes('be01\\\\u001b\\[2J\\\\u0007\\\\u000d\\\\u000afake.yaml:1:1 error'), hover?.markdown);
    assert.doesNotMatch(hover!.markdown, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});
