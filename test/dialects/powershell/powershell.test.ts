import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { OffsetRange } from '../../../server/src/engine/model/types';
import { parameterSequence } from '../../../server/src/engine/model/scriptStyle';
import { parsePowerShell } from '../../../server/src/engine/dialects/powershell/parse';
import { quotePowerShell, renderPowerShellCommand } from '../../../server/src/engine/dialects/powershell/render';
import type { ScriptParse, ScriptRule, ScriptRuleSpec } from '../../../server/src/engine/dialects/scriptRule';

const fixture = (name: string) => join(__dirname.replace(/([\\/])out([\\/])test/, '$1test'), name);
const read = (name: string) => readFileSync(fixture(name), 'utf8');
const at = (text: string, range: OffsetRange | undefined) => (range ? text.slice(range[0], range[1]) : undefined);
/** The offset of the `n`th (0-based) occurrence of `needle`. */
const nth = (text: string, needle: string, n = 0) => {
  let index = -1;
  for (let i = 0; i <= n; i++) index = text.indexOf(needle, index + 1);
  assert.ok(index >= 0, `"${needle}" #${n} is in the text`);
  return index;
};
const items = (text: string, list: { items: { value: string; range: OffsetRange }[] } | undefined) => list?.items.map((i) => [i.value, at(text, i.range)]);
const messages = (text: string, problems: ScriptParse['problems']) => problems.map((p) => [p.message, at(text, p.range)]);
/** A fixture that parses without problems or unresolved values. */
const clean = (name: string) => {
  const text = read(name);
  const parsed = parsePowerShell(text);
  assert.deepEqual([parsed.problems, parsed.unresolved], [[], []], name);
  return { text, parsed };
};
const only = (text: string): ScriptRule => {
  const parsed = parsePowerShell(text);
  assert.equal(parsed.rules.length, 1, JSON.stringify(parsed.problems));
  return parsed.rules[0];
};

describe('PowerShell scripts: a corpus of admin scripts', () => {
  it('reads the classic Remote Agent script: backticks, quoted names, comma lists, predefined groups', () => {
    const { text, parsed } = clean('sql01-remote-agent.ps1');
    assert.equal(parsed.hasFirewallCommands, true);
    assert.equal(parsed.eol, '\n');
    const [agent, data, oracle, rsm, wmi] = parsed.rules;
    assert.equal(parsed.rules.length, 5);
    assert.equal(agent.kind, 'add');
    assert.deepEqual([agent.name?.value, at(text, agent.name?.range)], ['Backup Exec Remote Agent', 'Backup Exec Remote Agent']);
    assert.equal(agent.name?.range[0], nth(text, "'Backup Exec Remote Agent'") + 1, 'the range is the text inside the quotes');
    assert.equal(at(text, agent.description?.range), 'Remote Agent for Windows (beremote.exe): NDMP control from be01');
    assert.deepEqual(items(text, agent.localPorts), [['10000', '10000'], ['6101', '6101']]);
    assert.deepEqual(agent.localPorts?.items.map((i) => i.range[0]), [nth(text, '10000,6101'), nth(text, '10000,6101') + 6]);
    assert.equal(at(text, agent.localPorts?.range), '10000,6101');
    assert.deepEqual([agent.direction?.value, agent.action?.value, agent.protocol?.value], ['inbound', 'allow', 'tcp']);
    assert.match(at(text, agent.range)!, /^New-NetFirewallRule -DisplayName 'Backup Exec Remote Agent' `\n {4}-Description[^]*-RemoteAddress 10\.0\.1\.10$/);
    assert.deepEqual(agent.style, {
      prefix: 'New-NetFirewallRule',
      parameterOrder: ['name', 'description', 'direction', 'action', 'protocol', 'localport', 'remoteip'],
      quote: "'",
      indent: '',
      // One parameter per continued line, so a fix writes its command alike.
      lines: { lineOf: [0, 1, 2, 3, 4, 5, 6], continuation: ' `', indent: '    ' },
    });
    assert.deepEqual(items(text, data.localPorts), [['50100-50149', '50100-50149']]);
    assert.equal(data.style.quote, '"');
    assert.deepEqual(data.style.parameterOrder, ['name', 'direction', 'action', 'protocol', 'localport', 'remoteip', 'profile']);
    assert.deepEqual(items(text, oracle.remoteAddresses), [['10.0.1.10', '10.0.1.10'], ['10.0.3.5', '10.0.3.5']]);
    assert.deepEqual([oracle.enabled?.value, at(text, oracle.enabled?.range)], [true, 'True']);
    assert.deepEqual([rsm.kind, rsm.predefined?.by, items(text, rsm.predefined), rsm.enabled?.value], ['enable', 'group', [['Remote Service Management', 'Remote Service Management']], true]);
    assert.deepEqual([wmi.predefined?.by, wmi.predefined?.items[0].value], ['group', 'Windows Management Instrumentation (WMI)']);
  });

  it('reads odd casing, variables, splatting, -Param:value and multi-line arrays', () => {
    const { text, parsed } = clean('be01-splatting.ps1');
    const [dedup, agent, consoleRule, outbound] = parsed.rules;
    assert.equal(parsed.rules.length, 4);
    // Lower-case cmdlet and parameters; the variables' items point at their use in the command.
    assert.equal(dedup.style.prefix, 'new-netfirewallrule');
    assert.deepEqual([dedup.direction?.value, dedup.action?.value, dedup.protocol?.value], ['inbound', 'allow', 'tcp']);
    assert.deepEqual(items(text, dedup.localPorts), [['10082', '$dedupPorts'], ['10102', '$dedupPorts']]);
    assert.equal(dedup.localPorts?.items[0].range[0], nth(text, '$dedupPorts', 1), 'the use, not the assignment');
    assert.deepEqual(items(text, dedup.remoteAddresses), [['10.0.1.10', '$beServer']]);
    // Splatted values point into the hashtable literal, a variable inside it at its use there.
    const table = [nth(text, '$agent = @{'), nth(text, 'New-NetFirewallRule @agent')];
    assert.deepEqual(items(text, agent.localPorts), [['10000', '10000'], ['6101', '6101']]);
    for (const item of [...agent.localPorts!.items, ...agent.remoteAddresses!.items, agent.name!]) assert.ok(item.range[0] > table[0] && item.range[1] < table[1]);
    assert.deepEqual(items(text, agent.remoteAddresses), [['10.0.1.10', '$beServer']]);
    assert.equal(at(text, agent.name?.range), 'Backup Exec Remote Agent (splatted)');
    assert.deepEqual([agent.enabled?.value, at(text, agent.enabled?.range)], [true, 'True']);
    assert.deepEqual(agent.style.parameterOrder, ['name', 'direction', 'action', 'protocol', 'localport', 'remoteip', 'enabled']);
    assert.equal(at(text, agent.range), 'New-NetFirewallRule @agent -Enabled True');
    // A one-line hashtable with ";"; the quote is the first one the command uses (here in the hashtable).
    assert.deepEqual([consoleRule.name?.value, consoleRule.style.prefix, consoleRule.style.quote], ['BE console', 'NEW-NETFIREWALLRULE', '"']);
    assert.deepEqual(items(text, consoleRule.localPorts), [['3527', '3527'], ['6106', '6106']]);
    assert.deepEqual(items(text, consoleRule.remoteAddresses), [['10.0.3.5', '$console']]);
    // -Name:value, @( ) over several lines, a list continued after a comma.
    assert.equal(at(text, outbound.name?.range), 'Backup Exec to agents');
    assert.equal(outbound.direction?.value, 'outbound');
    assert.deepEqual(items(text, outbound.remotePorts), [['50000-50049', '50000-50049'], ['50104', '50104']]);
    assert.match(at(text, outbound.remotePorts?.range)!, /^@\(\n\s+'50000-50049'\n\s+50104\n\s+\)$/);
    assert.deepEqual(items(text, outbound.remoteAddresses), [['10.0.2.20', '10.0.2.20'], ['10.0.3.5', '10.0.3.5']]);
    assert.equal(outbound.localPorts, undefined);
  });

  it('finds the rules among functions, if/else, try/catch, Write-Host and here-strings', () => {
    // The here-string holds "-Direction Sideways": it is text, not a command.
    const { text, parsed } = clean('be01-setup-with-functions.ps1');
    assert.equal(parsed.eol, '\n');
    const [rsm, wmi, legacy, server] = parsed.rules;
    assert.equal(parsed.rules.length, 4);
    assert.equal(at(text, rsm.range), "Get-NetFirewallRule -DisplayGroup 'Remote Service Management' | Enable-NetFirewallRule");
    assert.deepEqual([rsm.kind, rsm.predefined?.by, at(text, rsm.predefined?.items[0].range), rsm.enabled?.value], ['enable', 'group', 'Remote Service Management', true]);
    assert.deepEqual([wmi.predefined?.items[0].value, wmi.enabled?.value, at(text, wmi.enabled?.range), wmi.style.indent], ['Windows Management Instrumentation (WMI)', true, 'True', '    ']);
    assert.equal(at(text, wmi.range), "    Set-NetFirewallRule -DisplayGroup 'Windows Management Instrumentation (WMI)' -Enabled True");
    assert.deepEqual([legacy.kind, legacy.predefined?.by, legacy.predefined?.items[0].value, legacy.enabled?.value], ['enable', 'name', 'Backup Exec Legacy Agent', false]);
    assert.equal(at(text, server.range)!.trim().endsWith('-ErrorAction Stop'), true, '"| Out-Null" is not part of the command');
    assert.deepEqual(items(text, server.localPorts), [['3527', '3527'], ['6106', '6106']]);
    assert.deepEqual(server.style.parameterOrder, ['name', 'direction', 'action', 'protocol', 'localport', 'remoteip']);
  });

  it('says a script without firewall commands has none, whatever its comments and strings mention', () => {
    const text = read('be01-service-restart.ps1');
    const parsed = parsePowerShell(text);
    assert.deepEqual(parsed, { rules: [], problems: [], unresolved: [], eol: '\n', hasFirewallCommands: false });
  });

  it('reports invalid values at their exact range, naming what is allowed, and an unterminated string', () => {
    const text = read('sql01-typos.ps1');
    const parsed = parsePowerShell(text);
    assert.deepEqual(messages(text, parsed.problems), [
      ['-Direction must be Inbound or Outbound, not "Sideways"', 'Sideways'],
      ['-Action must be Allow, Block or NotConfigured, not "Maybe"', 'Maybe'],
      ['-RemoteAddress needs a value', '-RemoteAddress'],
      ['-Protocol must be TCP, UDP, ICMPv4, ICMPv6, Any or a protocol number 0-255, not "TPC"', 'TPC'],
      ['-Enabled must be True or False, not "Yes"', 'Yes'],
      ['-LocalPort is not part of the command above: the backtick ending the line before is followed by blanks, so it does not continue the line', '-LocalPort'],
      ['This string is never closed: the " here has no closing quote', '"'],
    ]);
    assert.equal(parsed.problems[6].range[0], nth(text, '"Backup Exec dedup'));
    // The invalid value is left out; the rest of the command is still read.
    const [remoteAgent, , oracle, browser] = parsed.rules;
    assert.equal(remoteAgent.direction, undefined);
    assert.deepEqual(items(text, remoteAgent.localPorts), [['10000', '10000']]);
    assert.deepEqual([oracle.protocol, oracle.enabled, oracle.action?.value], [undefined, undefined, 'allow']);
    assert.deepEqual([browser.name?.value, browser.localPorts], ['Backup Exec Agent Browser (be01)', undefined]);
    assert.equal(parsed.hasFirewallCommands, true);
  });

  it('never guesses computed values: each goes to unresolved at the place it is used', () => {
    const text = read('sql01-computed.ps1');
    const parsed = parsePowerShell(text);
    assert.deepEqual(parsed.problems, []);
    const why = (what: string, reason: string) => `${what}, ${reason}; it cannot be checked without running the script`;
    assert.deepEqual(messages(text, parsed.unresolved), [
      [why('-LocalPort uses $agentPort', 'which is not a literal'), '$agentPort'],
      [why('-LocalPort uses $range', 'which is not a literal'), '$range'],
      [why('-RemoteAddress uses $env:BE_SERVER', 'an environment variable'), '$env:BE_SERVER'],
      [why('-LocalPort uses $(Get-BEPort -Name Browser)', 'a computed value'), '$(Get-BEPort -Name Browser)'],
      [why('-RemoteAddress uses (Get-Content C:\\BE\\servers.txt)', 'which is not a literal'), '(Get-Content C:\\BE\\servers.txt)'],
      [why('-LocalPort uses $next', 'which is not a literal'), '$next'],
      [why('-RemoteAddress uses $undefinedServer', 'which is not assigned in this script'), '$undefinedServer'],
      [why('-DisplayName uses $port', 'which is set by a loop'), '$port'],
      [why('-LocalPort uses $port', 'which is set by a loop'), '$port'],
      ['New-NetFirewallRule @splat uses $splat, which is not a hashtable literal; its parameters cannot be checked without running the script', '@splat'],
      ['Enable-NetFirewallRule on rules from the pipeline: which rules it changes cannot be known without running the script', 'Enable-NetFirewallRule'],
    ]);
    // Each lands on the command, not on the assignment.
    assert.equal(parsed.unresolved[0].range[0], nth(text, '$agentPort', 1));
    const [fromConfig, dataRange, ndmp] = parsed.rules;
    assert.deepEqual(fromConfig.localPorts?.items, [], 'nothing in it is known, so the rule allows no port');
    assert.deepEqual(items(text, fromConfig.remoteAddresses), [['10.0.1.10', '10.0.1.10']]);
    assert.deepEqual([dataRange.localPorts?.items, dataRange.remoteAddresses?.items, dataRange.name?.value], [[], [], 'BE data range']);
    assert.deepEqual(ndmp.localPorts?.items, [], 'one computed item makes the whole list unknown');
    assert.equal(parsed.rules.filter((r) => r.kind === 'enable').length, 0);
  });
});

describe('PowerShell scripts: exact ranges', () => {
  it('places each item of a bare, spaced or quoted list', () => {
    const text = "New-NetFirewallRule -DisplayName 'x' -LocalPort 10000, 6101 -RemotePort '50100-50149',\"3527\" -RemoteAddress 10.0.1.10,10.0.2.20";
    const rule = only(text);
    assert.deepEqual(rule.localPorts?.items.map((i) => i.range), [
      [nth(text, '10000'), nth(text, '10000') + 5],
      [nth(text, '6101'), nth(text, '6101') + 4],
    ]);
    assert.equal(at(text, rule.localPorts?.range), '10000, 6101');
    assert.deepEqual(items(text, rule.remotePorts), [['50100-50149', '50100-50149'], ['3527', '3527']]);
    assert.equal(at(text, rule.remotePorts?.range), `'50100-50149',"3527"`);
    assert.deepEqual(items(text, rule.remoteAddresses), [['10.0.1.10', '10.0.1.10'], ['10.0.2.20', '10.0.2.20']]);
  });

  it('unescapes quotes: doubled single quotes, backticks and "" inside double quotes', () => {
    const text = `New-NetFirewallRule -DisplayName 'Bob''s agent' -Description "Say \`"hi\`" for ""be01"" \`$5"`;
    const rule = only(text);
    assert.deepEqual([rule.name?.value, at(text, rule.name?.range)], ["Bob's agent", "Bob''s agent"]);
    assert.equal(rule.description?.value, 'Say "hi" for "be01" $5');
    assert.equal(at(text, rule.description?.range), 'Say `"hi`" for ""be01"" `$5');
  });

  it('resolves a variable, also inside "…", to its literal and places it where the command uses it', () => {
    const text = "$port = 10000\n$ports = @(10000, 6101)\n$name = 'Remote Agent'\n[int]$oracle = 5633\n" + 'New-NetFirewallRule -DisplayName "Backup Exec $name" -LocalPort $port -RemotePort $ports, $oracle';
    const rule = only(text);
    assert.deepEqual([rule.name?.value, at(text, rule.name?.range)], ['Backup Exec Remote Agent', 'Backup Exec $name']);
    assert.deepEqual(items(text, rule.localPorts), [['10000', '$port']]);
    assert.equal(rule.localPorts?.items[0].range[0], nth(text, '$port', 2));
    assert.deepEqual(items(text, rule.remotePorts), [['10000', '$ports'], ['6101', '$ports'], ['5633', '$oracle']]);
  });

  it('places a splatted value in the hashtable, written on one line or several', () => {
    const text = "$p = @{ DisplayName = 'BE'; LocalPort = 10000,6101 }\n$q = @{\n  'RemoteAddress' = '10.0.1.10'\n  Direction = 'Outbound'\n}\nNew-NetFirewallRule @p @q";
    const rule = only(text);
    assert.deepEqual(items(text, rule.localPorts), [['10000', '10000'], ['6101', '6101']]);
    assert.equal(rule.localPorts?.items[1].range[0], nth(text, '6101'));
    assert.deepEqual(items(text, rule.remoteAddresses), [['10.0.1.10', '10.0.1.10']]);
    assert.deepEqual([rule.direction?.value, at(text, rule.direction?.range)], ['outbound', 'Outbound']);
    assert.deepEqual(rule.style.parameterOrder, ['name', 'localport', 'remoteip', 'direction']);
  });

  it('starts a rule at its line when only blanks precede it, so the prefix follows the indent', () => {
    const text = "if ($true) {\r\n\t  New-NetFirewallRule -DisplayName 'a'\r\n}\r\nfunction f { Enable-NetFirewallRule -DisplayName 'b' }";
    const parsed = parsePowerShell(text);
    assert.equal(parsed.eol, '\r\n');
    const [indented, inline] = parsed.rules;
    assert.deepEqual([indented.style.indent, at(text, indented.range)], ['\t  ', "\t  New-NetFirewallRule -DisplayName 'a'"]);
    assert.equal(text.slice(indented.range[0] + indented.style.indent.length).startsWith(indented.style.prefix), true);
    assert.deepEqual([inline.style.indent, at(text, inline.range)], ['', "Enable-NetFirewallRule -DisplayName 'b'"]);
  });
});

describe('PowerShell scripts: meaning', () => {
  it('lower-cases direction, action and protocol; reads every spelling of -Enabled', () => {
    const cases: [string, Partial<Record<'direction' | 'action' | 'protocol', string>> & { enabled?: boolean }][] = [
      ['-Direction OUTBOUND -Action block -Protocol Udp -Enabled false', { direction: 'outbound', action: 'block', protocol: 'udp', enabled: false }],
      ["-Direction 'Inbound' -Action \"Allow\" -Protocol 6 -Enabled 'True'", { direction: 'inbound', action: 'allow', protocol: '6', enabled: true }],
      ['-Direction:Inbound -Action:Allow -Protocol:ICMPv4 -Enabled:$false', { direction: 'inbound', action: 'allow', protocol: 'icmpv4', enabled: false }],
      ['-Dir Outbound -Act Block -Protocol Any -Enabled $true', { direction: 'outbound', action: 'block', protocol: 'any', enabled: true }],
    ];
    for (const [parameters, expected] of cases) {
      const rule = only(`New-NetFirewallRule -DisplayName 'BE' ${parameters}`);
      assert.deepEqual({ direction: rule.direction?.value, action: rule.action?.value, protocol: rule.protocol?.value, enabled: rule.enabled?.value }, expected, parameters);
    }
  });

  it('leaves out what the command leaves out: no direction, action, protocol or enabled', () => {
    const rule = only("New-NetFirewallRule -Name 'BE-Agent' -LocalPort 10000");
    assert.equal(rule.name?.value, 'BE-Agent', '-Name when there is no -DisplayName');
    assert.deepEqual([rule.direction, rule.action, rule.protocol, rule.enabled, rule.remoteAddresses], [undefined, undefined, undefined, undefined, undefined]);
    assert.equal(only("New-NetFirewallRule -Name 'id' -DisplayName 'shown'").name?.value, 'shown');
  });

  it('reads predefined rules turned on or off by group or display name', () => {
    const text = [
      "Enable-NetFirewallRule -DisplayName 'Remote Service Management (RPC)', 'Remote Service Management (RPC-EPMAP)'",
      "Disable-NetFirewallRule -DisplayGroup 'Remote Service Management'",
      "Set-NetFirewallRule -DisplayGroup 'Windows Management Instrumentation (WMI)' -Enabled False",
      "Get-NetFirewallRule -DisplayGroup 'Windows Management Instrumentation (WMI)' | Set-NetFirewallRule -Enabled True",
      'Enable-NetFirewallRule -Name WMI-WINMGMT-In-TCP',
      "Set-NetFirewallRule -DisplayName 'Backup Exec Remote Agent' -RemoteAddress 10.0.1.10",
    ].join('\n');
    const parsed = parsePowerShell(text);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.hasFirewallCommands, true);
    assert.deepEqual(
      parsed.rules.map((r) => [r.kind, r.predefined?.by, r.predefined?.items.map((i) => i.value).join(' + '), r.enabled?.value]),
      [
        ['enable', 'name', 'Remote Service Management (RPC) + Remote Service Management (RPC-EPMAP)', true],
        ['enable', 'group', 'Remote Service Management', false],
        ['enable', 'group', 'Windows Management Instrumentation (WMI)', false],
        ['enable', 'group', 'Windows Management Instrumentation (WMI)', true],
        ['enable', 'name', 'WMI-WINMGMT-In-TCP', true],
      ],
      'Set-NetFirewallRule without -Enabled turns nothing on',
    );
  });

  it('follows only literals that are certainly in effect', () => {
    const text = [
      '$p = 10000',
      '$p = 6101',
      '$q = 10000',
      'if ($oracle) { $q = 5633 }',
      "$h = @{ DisplayName = 'BE' }",
      '$h.LocalPort = 5633',
      "New-NetFirewallRule -DisplayName 'BE' -LocalPort $p -RemotePort $q",
      'New-NetFirewallRule @h',
      'function Add-BERule { param([int]$Port = 10000) New-NetFirewallRule -DisplayName BE -LocalPort $Port }',
    ].join('\n');
    const parsed = parsePowerShell(text);
    assert.deepEqual(items(text, parsed.rules[0].localPorts), [['6101', '$p']], 'the latest assignment');
    assert.deepEqual(parsed.rules[0].remotePorts?.items, []);
    assert.deepEqual(
      parsed.unresolved.map((u) => [u.message.replace(/; it.*$/, ''), at(text, u.range)]),
      [
        ['-RemotePort uses $q, which is assigned inside a block (if, loop or function)', '$q'],
        ['New-NetFirewallRule @h uses $h, which is changed after it is assigned', '@h'],
        ['-LocalPort uses $Port, which is a script or function parameter', '$Port'],
      ],
    );
  });

  it('skips comments, block comments and here-strings, and splits statements at ; and newlines', () => {
    const text = [
      "# New-NetFirewallRule -DisplayName 'comment'",
      "<# New-NetFirewallRule -DisplayName 'block'",
      '#>',
      "$doc = @\"\nNew-NetFirewallRule -DisplayName 'here'\n\"@",
      "New-NetFirewallRule -DisplayName 'one' -LocalPort 10000; New-NetFirewallRule -DisplayName 'two' -LocalPort 6101 # trailing",
    ].join('\n');
    const parsed = parsePowerShell(text);
    assert.deepEqual(parsed.rules.map((r) => [r.name?.value, r.localPorts?.items[0].value]), [['one', '10000'], ['two', '6101']]);
    assert.equal(parsePowerShell(text.split('\n').slice(0, 6).join('\n')).hasFirewallCommands, false);
  });

  it('reports a parameter given twice, a list where one value goes, an ambiguous abbreviation', () => {
    const text = "$p = @{ LocalPort = 10000 }\nNew-NetFirewallRule @p -DisplayName 'a', 'b' -LocalPort 6101 -Local 1";
    const parsed = parsePowerShell(text);
    assert.deepEqual(messages(text, parsed.problems), [
      ["-DisplayName takes a single value, not a list", "'a', 'b'"],
      ['-LocalPort is given more than once', '-LocalPort'],
      ['-Local is ambiguous: it could be -LocalAddress, -LocalPort or 2 other parameters; write the parameter name in full', '-Local'],
    ]);
    assert.deepEqual(items(text, parsed.rules[0].localPorts), [['10000', '10000']]);
  });

  it('reports a line after a command that does not continue it', () => {
    const text = "New-NetFirewallRule -DisplayName 'Backup Exec Remote Agent' -LocalPort 10000\n    -RemoteAddress 10.0.1.10\n$x = 1\n-not $x";
    const parsed = parsePowerShell(text);
    assert.deepEqual(messages(text, parsed.problems), [
      ['-RemoteAddress is not part of the command above: the line before does not end with a backtick (`), so PowerShell runs the command without it', '-RemoteAddress'],
    ]);
    assert.equal(parsed.rules[0].remoteAddresses, undefined);
  });

  it('reports unclosed brackets, block comments and here-strings inside the document', () => {
    for (const [text, message, marked] of [
      ['New-NetFirewallRule -DisplayName a -LocalPort @(10000,', 'This "@(" is never closed', '@('],
      ['<# New-NetFirewallRule', 'This block comment is never closed: "<#" needs a matching "#>"', '<#'],
      ["$x = @'\nNew-NetFirewallRule -DisplayName a", "This here-string is never closed: a line starting with '@ must end it", "@'"],
      ["New-NetFirewallRule -DisplayName a }", 'Unexpected "}": there is nothing open here for it to close', '}'],
    ]) {
      const parsed = parsePowerShell(text);
      assert.deepEqual(messages(text, parsed.problems), [[message, marked]], text);
    }
  });
});

describe('PowerShell commands: rendering', () => {
  const spec: ScriptRuleSpec = { name: 'Backup Exec Oracle', direction: 'inbound', action: 'allow', protocol: 'tcp', localPorts: ['5633'], remoteAddresses: ['10.0.2.20'] };

  it('writes the default style', () => {
    assert.equal(renderPowerShellCommand(spec, undefined), "New-NetFirewallRule -DisplayName 'Backup Exec Oracle' -Direction Inbound -Action Allow -Protocol TCP -LocalPort 5633 -RemoteAddress 10.0.2.20");
    assert.equal(
      renderPowerShellCommand({ name: 'BE out', description: 'to agents', direction: 'outbound', action: 'block', remotePorts: ['10000', '50100-50149'], localAddresses: ['10.0.1.10'] }, undefined),
      "New-NetFirewallRule -DisplayName 'BE out' -Description 'to agents' -Direction Outbound -Action Block -RemotePort 10000,50100-50149 -LocalAddress 10.0.1.10",
    );
  });

  it('follows a style: indent, cmdlet spelling, parameter order, quote', () => {
    const style = { prefix: 'new-netfirewallrule', parameterOrder: ['remoteip', 'localport', 'name'] as const, quote: '"' as const, indent: '    ' };
    assert.equal(renderPowerShellCommand(spec, { ...style, parameterOrder: [...style.parameterOrder] }), '    new-netfirewallrule -RemoteAddress 10.0.2.20 -LocalPort 5633 -DisplayName "Backup Exec Oracle" -Direction Inbound -Action Allow -Protocol TCP');
    const enable = renderPowerShellCommand({ ...spec, enableDisplayNames: ['Remote Service Management (RPC)', 'Windows Management Instrumentation (WMI-In)'] }, { ...style, parameterOrder: [] });
    assert.equal(enable, '    enable-netfirewallrule -DisplayName "Remote Service Management (RPC)", "Windows Management Instrumentation (WMI-In)"');
    assert.equal(renderPowerShellCommand({ ...spec, enableDisplayNames: ['RSM'] }, undefined), "Enable-NetFirewallRule -DisplayName 'RSM'");
    assert.match(renderPowerShellCommand(spec, { prefix: 'netsh advfirewall firewall add rule', parameterOrder: [], quote: '"', indent: '' }), /^New-NetFirewallRule -DisplayName "/);
  });

  it('escapes quotes, $ and backticks; quotes values that are not bare words', () => {
    assert.equal(quotePowerShell("O'Neil’s", "'"), "'O''Neil’’s'");
    assert.equal(quotePowerShell('say "hi" $x `n', '"'), '"say `"hi`" `$x ``n"');
    assert.equal(quotePowerShell('two\r\nlines', "'"), '"two`r`nlines"', 'one line, whatever the value');
    const odd: ScriptRuleSpec = { name: 'It\'s "$HOME" `tick`', direction: 'inbound', action: 'allow', remoteAddresses: ['10.0.1.10', 'be01 corp'] };
    assert.equal(renderPowerShellCommand(odd, undefined), "New-NetFirewallRule -DisplayName 'It''s \"$HOME\" `tick`' -Direction Inbound -Action Allow -RemoteAddress 10.0.1.10, 'be01 corp'");
    for (const quote of ["'", '"'] as const) {
      const rule = only(renderPowerShellCommand(odd, { prefix: 'New-NetFirewallRule', parameterOrder: [], quote, indent: '' }));
      assert.equal(rule.name?.value, odd.name, `round trip in ${quote}`);
      assert.deepEqual(rule.remoteAddresses?.items.map((i) => i.value), ['10.0.1.10', 'be01 corp']);
    }
  });

  it('parses back what it renders, in every style a script could have', () => {
    const specs: ScriptRuleSpec[] = [
      spec,
      { name: 'Backup Exec data', description: 'dynamic range', direction: 'inbound', action: 'allow', protocol: 'tcp', localPorts: ['50100-50149', '10000'], remoteAddresses: ['10.0.1.10', '10.0.3.5'] },
      { name: 'Backup Exec to agent', direction: 'outbound', action: 'block', protocol: 'udp', remotePorts: ['6101'], localAddresses: ['10.0.1.10'], remoteAddresses: ['10.0.2.0/24'] },
    ];
    // The Remote Agent script's commands are continued with backticks: rendered alike, they read back the same.
    const styled = ['be01-splatting.ps1', 'sql01-remote-agent.ps1'].flatMap((name) => parsePowerShell(read(name)).rules.filter((r) => r.kind === 'add').map((r) => r.style));
    assert.ok(styled.some((style) => style.lines));
    for (const s of specs) {
      for (const style of [undefined, ...styled]) {
        const command = renderPowerShellCommand(s, style);
        const parsed = parsePowerShell(command);
        assert.deepEqual([parsed.problems, parsed.unresolved, parsed.rules.length], [[], [], 1], command);
        const rule = parsed.rules[0];
        const values = (list: typeof rule.localPorts) => list?.items.map((i) => i.value);
        assert.deepEqual(
          JSON.parse(JSON.stringify({
            name: rule.name?.value,
            description: rule.description?.value,
            direction: rule.direction?.value,
            action: rule.action?.value,
            protocol: rule.protocol?.value,
            localPorts: values(rule.localPorts),
            remotePorts: values(rule.remotePorts),
            localAddresses: values(rule.localAddresses),
            remoteAddresses: values(rule.remoteAddresses),
          })),
          JSON.parse(JSON.stringify({ ...s, enableDisplayNames: undefined })),
          command,
        );
        // The style's parameters in its order, each other one after the parameter the canonical order puts before it.
        assert.deepEqual(rule.style.parameterOrder, parameterSequence(style).filter((p) => rule.style.parameterOrder.includes(p)), command);
        if (style) assert.deepEqual([rule.style.prefix, rule.style.quote], [style.prefix, style.quote]);
      }
    }
  });
});

describe('PowerShell scripts: robustness', () => {
  const inside = (text: string, parsed: ScriptParse) => {
    for (const p of [...parsed.problems, ...parsed.unresolved, ...parsed.rules.map((r) => ({ range: r.range }))]) {
      assert.ok(p.range[0] >= 0 && p.range[0] <= p.range[1] && p.range[1] <= text.length, `range ${p.range} inside ${text.length}`);
    }
  };

  it('parses adversarial input quickly and never throws', () => {
    const adversarial: Record<string, string> = {
      '100k backticks': '`'.repeat(100_000),
      '100k backtick continuations': 'New-NetFirewallRule `\n'.repeat(100_000),
      '100k @(': '@('.repeat(100_000),
      '100k nested @( ) in a value': `New-NetFirewallRule -DisplayName a -LocalPort ${'@('.repeat(50_000)}1${')'.repeat(50_000)}`,
      '100k {': '{'.repeat(100_000),
      'nested hashtables with blocks': '$a=@{x={'.repeat(50_000),
      '1 MB unterminated single-quoted string': `New-NetFirewallRule -DisplayName '${'x'.repeat(1 << 20)}`,
      '1 MB unterminated double-quoted string with $(': `New-NetFirewallRule -DisplayName "${'x$('.repeat(1 << 18)}`,
      'nested strings in subexpressions': '"$("'.repeat(100_000),
      'unterminated block comment': `<#${'x'.repeat(1 << 20)}`,
      'unterminated here-string': `@'\n${'x\n'.repeat(500_000)}`,
      'type brackets': '[ '.repeat(300_000) + '[a,'.repeat(100_000),
      '${ without end': '${'.repeat(100_000),
      '100k splats': `New-NetFirewallRule ${'@p '.repeat(100_000)}`,
      '300k items over lines': `New-NetFirewallRule -DisplayName a -LocalPort ${'1,\n'.repeat(300_000)}`,
      'a million quotes': "'".repeat(1_000_001) + '"'.repeat(1_000_001),
      'binary garbage': Array.from({ length: 1 << 20 }, (_, i) => String.fromCharCode((i * 7919 + (i >> 3)) % 65536)).join(''),
    };
    for (const [name, text] of Object.entries(adversarial)) {
      const started = performance.now();
      const parsed = parsePowerShell(text);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 2000, `${name}: ${Math.round(elapsed)} ms`);
      inside(text, parsed);
      assert.ok(parsed.problems.length <= 200, `${name}: problems are capped`);
    }
  });

  it('never throws on random fragments of PowerShell', () => {
    const pieces = ['New-NetFirewallRule', ' -DisplayName', " 'a b'", ' "x`"$y"', ' $p', ' = ', '@(', '@{', '$(', '(', ')', '{', '}', ',', ';', '|', '`', '\n', '\r\n', '#', '<#', '#>', "@'\n", "\n'@", ' 10000', '-LocalPort:', ' @p', '[int]', '‘', '“', '–Direction', ' Inbound', 'constructor', ' -__proto__', ' toString'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 300; round++) {
      let text = '';
      for (let i = 0; i < 60; i++) text += pieces[Math.floor(random() * pieces.length)];
      inside(text, parsePowerShell(text));
    }
  });

  it('parses a 10,000-command script in well under a second', () => {
    let text = '$server = "10.0.1.10"\n';
    for (let i = 0; i < 10_000; i++) text += `New-NetFirewallRule -DisplayName 'Backup Exec ${i}' -Direction Inbound -Action Allow -Protocol TCP \`\n    -LocalPort 10000,6101 -RemoteAddress $server\n`;
    const started = performance.now();
    const parsed = parsePowerShell(text);
    const elapsed = performance.now() - started;
    assert.equal(parsed.rules.length, 10_000);
    assert.equal(parsed.rules[9_999].remoteAddresses?.items[0].value, '10.0.1.10');
    assert.ok(elapsed < 1000, `${Math.round(elapsed)} ms`);
  });
});
