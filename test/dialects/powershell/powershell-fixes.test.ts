import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewRule } from '../../../server/src/engine/fixes/ruleEdits';
import { reversed, scriptFile, withPorts, withRule } from '../../support/scriptEdits';

/** What fixes write into PowerShell scripts, exactly, as an admin would have written it. */

const NEW = 'New-NetFirewallRule';
const ORACLE: NewRule = { name: 'Backup Exec Job Engine (Agent for Oracle) from sql02 to be02', action: 'allow', protocol: 'tcp', from: ['10.1.2.20'], to: ['10.1.1.10'], ports: ['5633'] };

describe('PowerShell: adding ports to a rule widens its literal port list in place', () => {
  const rule = (ports: string) => `${NEW} -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP -LocalPort ${ports} -RemoteAddress 10.0.1.10\n`;

  it('bare, quoted and spaced lists keep their quotes and separators', () => {
    assert.equal(withPorts('sql01.ps1', rule('10000,50100-50120'), 0, ['50121-50149']), rule('10000,50100-50149'));
    assert.equal(withPorts('sql01.ps1', rule('10000, 50100-50120'), 0, ['50121-50149', '6101']), rule('10000, 50100-50149, 6101'));
    assert.equal(withPorts('sql01.ps1', rule("'10000', \"50100-50120\""), 0, ['50121-50149']), rule("'10000', \"50100-50149\""));
    assert.equal(withPorts('sql01.ps1', rule("'10000'"), 0, ['50100-50149']), rule("'10000', '50100-50149'"));
    assert.equal(withPorts('sql01.ps1', rule('-LocalPort:10000').replace('-LocalPort -LocalPort:', '-LocalPort:'), 0, ['6101']), rule('-LocalPort:10000,6101').replace('-LocalPort -LocalPort:', '-LocalPort:'));
  });

  it('an @( ) list, one item per line, gets a line for an appended port; a range there is quoted, or it would be a subtraction', () => {
    const text = (items: string) => `${NEW} -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP \`\n    -LocalPort @(\n        ${items}\n    ) -RemoteAddress 10.0.1.10\n`;
    const fixed = withPorts('sql01.ps1', text("10000\n        '50100-50120'"), 0, ['50121-50149', '6101'])!;
    assert.equal(fixed, text("10000\n        '50100-50149'\n        '6101'"));
    assert.equal(scriptFile('sql01.ps1', fixed).rules[0].ports.toString(), '6101, 10000, 50100-50149');
    const bare = withPorts('sql01.ps1', rule('@(10000, 10001)'), 0, ['10002-10005', '50100-50149'])!;
    assert.equal(bare, rule("@('10000-10005', '50100-50149')"));
    assert.equal(scriptFile('sql01.ps1', bare).rules[0].ports.toString(), '10000-10005, 50100-50149');
  });

  it('leaves a list alone that a variable, a splatted hashtable or one comma-separated string writes', () => {
    assert.equal(withPorts('sql01.ps1', `$ports = 10000, 50100\n${rule('$ports')}`, 0, ['6101']), undefined);
    assert.equal(withPorts('sql01.ps1', `$extra = 6101\n${rule('10000, $extra')}`, 0, ['50100']), undefined);
    assert.equal(withPorts('sql01.ps1', `$p = @{ DisplayName = 'BE'; Direction = 'Inbound'; Action = 'Allow'; Protocol = 'TCP'; LocalPort = 10000 }\n${NEW} @p\n`, 0, ['6101']), undefined);
    assert.equal(withPorts('sql01.ps1', rule('"10000,50100-50120"'), 0, ['50121-50149']), undefined);
    // A comment between items would be copied or dropped with them.
    assert.equal(withPorts('sql01.ps1', rule("@(10000 # control\n    '50100-50120')"), 0, ['50121-50149']), undefined);
  });
});

describe('PowerShell: turning a rule around', () => {
  it('flips -Direction and moves the ports to the other side; -RemoteAddress stays', () => {
    const text = `# control connection\n${NEW} -DisplayName 'BE control' -Direction Outbound -Action Allow -Protocol TCP -RemotePort 10000 -RemoteAddress 10.0.1.10\n`;
    assert.equal(reversed('sql01.ps1', text, 0), `# control connection\n${NEW} -DisplayName 'BE control' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000 -RemoteAddress 10.0.1.10\n`);
  });

  it('keeps quotes, colons, case and continued lines; an abbreviated parameter is written in full', () => {
    const text = `new-netfirewallrule -displayname 'BE' -direction:'outbound' -action allow -protocol tcp \`\n    -remotep:10000 -localport any\n`;
    assert.equal(reversed('sql01.ps1', text, 0), `new-netfirewallrule -displayname 'BE' -direction:'inbound' -action allow -protocol tcp \`\n    -localport:10000 -remoteport any\n`);
  });

  it('a command without -Direction (inbound) gets -Direction Outbound', () => {
    assert.equal(reversed('sql01.ps1', `${NEW} -DisplayName 'BE' -Action Allow -Protocol TCP -LocalPort 10000\n`, 0), `${NEW} -DisplayName 'BE' -Action Allow -Protocol TCP -RemotePort 10000 -Direction Outbound\n`);
  });

  it('is not offered for a splatted direction, a direction in a variable, RPC ports or edge traversal', () => {
    assert.equal(reversed('sql01.ps1', `$p = @{ Direction = 'Outbound' }\n${NEW} -DisplayName 'BE' @p -Action Allow -Protocol TCP -RemotePort 10000\n`, 0), undefined);
    assert.equal(reversed('sql01.ps1', `${NEW} -DisplayName 'BE' -Direction $dir -Action Allow -Protocol TCP -RemotePort 10000\n`, 0), undefined);
    assert.equal(reversed('sql01.ps1', `${NEW} -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP -LocalPort RPC\n`, 0), undefined);
    assert.equal(reversed('sql01.ps1', `${NEW} -DisplayName 'BE' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 10000 -EdgeTraversalPolicy Allow\n`, 0), undefined);
  });
});

describe('PowerShell: a new command', () => {
  const be02 = [
    '# Windows Defender Firewall on the Backup Exec server be02.',
    "$sql02 = '10.1.2.20'",
    '',
    '# Agent Browser: the remote agent on sql02 publishes itself to the server.',
    `${NEW} -DisplayName 'Backup Exec Agent Browser' \``,
    '    -Direction Inbound -Action Allow -Protocol TCP `',
    '    -LocalPort 6101 -RemoteAddress $sql02',
    '',
    '# Remote Administration Console on admin02',
    "Enable-NetFirewallRule -DisplayGroup 'Remote Service Management'",
    '',
  ];
  const oracle = [`${NEW} -DisplayName 'Backup Exec Job Engine (Agent for Oracle) from sql02 to be02' \``, '    -Direction Inbound -Action Allow -Protocol TCP `', '    -LocalPort 5633 -RemoteAddress $sql02'];
  const afterBrowser = (lines: string[]) => [...lines.slice(0, 7), ...oracle, ...lines.slice(7)];

  it('goes after the rules for the same computer, in their backtick layout, naming the variable', () => {
    const fixed = withRule('be02.ps1', be02.join('\n'), ORACLE)!;
    assert.equal(fixed, afterBrowser(be02).join('\n'));
    const model = scriptFile('be02.ps1', fixed);
    assert.deepEqual([model.problems, model.unresolved], [[], []]);
    const added = model.rules[1];
    assert.deepEqual([added.name, added.syntax.direction, added.sources, added.destinations, added.ports.toString()], [ORACLE.name, 'inbound', ['10.1.2.20'], ['any'], '5633']);
    assert.equal(withRule('be02.ps1', be02.join('\r\n'), ORACLE), afterBrowser(be02).join('\r\n'));
  });

  it('a "…" assignment names the variable too; of two holding the address, the last assigned', () => {
    const quoted = be02.map((line) => (line.startsWith('$sql02') ? '$sql02 = "10.1.2.20"' : line));
    assert.equal(withRule('be02.ps1', quoted.join('\n'), ORACLE), afterBrowser(quoted).join('\n'));
    const two = be02.map((line) => (line.startsWith('$sql02') ? "$Agent = '10.1.2.20'\n$sql02 = '10.1.2.20'\n$Agent = '10.1.2.20'" : line));
    assert.match(withRule('be02.ps1', two.join('\n'), ORACLE)!, /-LocalPort 5633 -RemoteAddress \$Agent\n/);
  });

  it('writes the address itself when the variable is not certain there', () => {
    const variants = [
      (t: string) => t.replace("$sql02 = '10.1.2.20'", "if ($x) { $sql02 = '10.1.2.20' }"),
      (t: string) => t.replace("$sql02 = '10.1.2.20'", "$sql02 = '10.1.2.20'\nforeach ($sql02 in $hosts) { }"),
      (t: string) => t.replace("$sql02 = '10.1.2.20'", "$sql02 = '10.1.2.20', '10.1.2.21'"),
      (t: string) => t.replace("$sql02 = '10.1.2.20'", "$sql02 = '10.1.2.20'\n$sql02 += '10.1.2.21'"),
      (t: string) => `${t}$late = '10.1.2.20'\n`.replace("$sql02 = '10.1.2.20'", '$sql02 = Get-Address'),
    ];
    for (const variant of variants) assert.match(withRule('be02.ps1', variant(be02.join('\n')), ORACLE)!, /-LocalPort 5633 -RemoteAddress 10\.1\.2\.20\n/, variant.toString());
  });

  it('one parameter per line: a parameter the model lacks (the description) gets its own line after the name', () => {
    const text = [`${NEW} \``, "    -DisplayName 'Backup Exec Agent Browser' `", '    -Direction Inbound `', '    -Action Allow `', '    -Protocol TCP `', '    -LocalPort 6101 `', '    -RemoteAddress 10.1.2.20', ''].join('\n');
    const rule = { ...ORACLE, description: 'Backup Exec: Oracle agent; source: KB100017208' };
    const added = [`${NEW} \``, "    -DisplayName 'Backup Exec Job Engine (Agent for Oracle) from sql02 to be02' `", "    -Description 'Backup Exec: Oracle agent; source: KB100017208' `", '    -Direction Inbound `', '    -Action Allow `', '    -Protocol TCP `', '    -LocalPort 5633 `', '    -RemoteAddress 10.1.2.20', ''].join('\n');
    assert.equal(withRule('be02.ps1', text, rule), text + added);
  });

  it('on one line, the description follows the name', () => {
    const text = `${NEW} -DisplayName 'Browser' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 6101 -RemoteAddress 10.1.2.20\n`;
    assert.equal(
      withRule('be02.ps1', text, { ...ORACLE, description: "sql02's Oracle agent" }),
      `${text}${NEW} -DisplayName 'Backup Exec Job Engine (Agent for Oracle) from sql02 to be02' -Description 'sql02''s Oracle agent' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 5633 -RemoteAddress 10.1.2.20\n`,
    );
  });

  it('nor is a related rule whose line goes on (a pipeline continued after |)', () => {
    const text = `${NEW} -DisplayName 'Browser' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 6101 -RemoteAddress 10.1.2.20 |\n    Out-Null\n${NEW} -DisplayName 'Other' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 1433\n`;
    assert.equal(withRule('be02.ps1', text, ORACLE), `${text}${NEW} -DisplayName 'Backup Exec Job Engine (Agent for Oracle) from sql02 to be02' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 5633 -RemoteAddress 10.1.2.20\n`);
  });

  it('a related rule inside a function is not where a command goes: after the last rule, as before', () => {
    const text = `function Add-Browser {\n    ${NEW} -DisplayName 'Browser' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 6101 -RemoteAddress 10.1.2.20\n}\nAdd-Browser\n${NEW} -DisplayName 'Other' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 1433\n`;
    assert.equal(withRule('be02.ps1', text, ORACLE), `${text}${NEW} -DisplayName 'Backup Exec Job Engine (Agent for Oracle) from sql02 to be02' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 5633 -RemoteAddress 10.1.2.20\n`);
  });
});
