import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NewRule } from '../../../server/src/engine/fixes/ruleEdits';
import { reversed, scriptFile, withPorts, withRule } from '../../support/scriptEdits';

/** What fixes write into netsh scripts, exactly, as an admin would have written it. */

const ADD = 'netsh advfirewall firewall add rule';
const DATA: NewRule = { name: 'Remote Agent data connections from be01 to sql01', action: 'allow', protocol: 'tcp', from: ['10.0.1.10'], to: ['10.0.2.20'], ports: ['50100-50149'] };
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

describe('netsh: adding ports to a rule widens its literal port list in place', () => {
  const rule = (localport: string, more = '') => `@echo off\n${ADD} name="BE" dir=in action=allow protocol=TCP localport=${localport} remoteip=10.0.1.10${more}\n`;

  it('grows the range the missing ports touch, keeps the rest and the rule\'s name', () => {
    assert.equal(withPorts('be.cmd', rule('10000,50100-50120'), 0, ['50121-50149']), rule('10000,50100-50149'));
    assert.equal(withPorts('be.cmd', rule('"10000,50100-50120"'), 0, ['50121-50149']), rule('"10000,50100-50149"'));
  });

  it('appends ports next to nothing listed, and merges items the new ports join', () => {
    assert.equal(withPorts('be.cmd', rule('10000'), 0, ['50100-50149']), rule('10000,50100-50149'));
    assert.equal(withPorts('be.cmd', rule('50100-50110,6101,50130-50149'), 0, ['50111-50129']), rule('50100-50149,6101'));
    assert.equal(withPorts('be.cmd', rule('10000,50100-50120'), 0, ['50121-50149', '6101']), rule('10000,50100-50149,6101'));
  });

  it('is one edit of the list alone, so a CRLF script keeps its line ends, and the rule re-reads with the ports', () => {
    const text = crlf(`${ADD} name="BE" dir=in action=allow ^\n    protocol=TCP localport=10000,50100-50120 remoteip=10.0.1.10\n`);
    const fixed = withPorts('be.cmd', text, 0, ['50121-50149'])!;
    assert.equal(fixed, text.replace('50100-50120', '50100-50149'));
    assert.equal(scriptFile('be.cmd', fixed).rules[0].ports.toString(), '10000, 50100-50149');
  });

  it('an outbound rule gets the ports on its remote side', () => {
    const text = `${ADD} name="BE out" dir=out action=allow protocol=TCP localport=any remoteport=6101 remoteip=10.0.1.10\n`;
    assert.equal(withPorts('be.cmd', text, 0, ['10000']), text.replace('remoteport=6101', 'remoteport=6101,10000'));
  });

  it('leaves a list alone that a variable writes, or that already holds the ports', () => {
    assert.equal(withPorts('be.cmd', `set PORTS=10000,50100-50120\n${ADD} name="BE" dir=in action=allow protocol=TCP localport=%PORTS% remoteip=10.0.1.10\n`, 0, ['50121-50149']), undefined);
    assert.equal(withPorts('be.cmd', `set EXTRA=6101\n${ADD} name="BE" dir=in action=allow protocol=TCP localport=50100-50120,%EXTRA% remoteip=10.0.1.10\n`, 0, ['50121-50149']), undefined);
    assert.equal(withPorts('be.cmd', rule('50100-50149'), 0, ['50121-50149']), undefined);
  });
});

describe('netsh: turning a rule around', () => {
  it('flips dir= and moves the ports to the other side; the remote address stays the remote computer', () => {
    const text = `REM control connection\n${ADD} name="BE control" dir=out action=allow protocol=TCP remoteport=10000 remoteip=10.0.1.10\n`;
    assert.equal(reversed('sql01.cmd', text, 0), `REM control connection\n${ADD} name="BE control" dir=in action=allow protocol=TCP localport=10000 remoteip=10.0.1.10\n`);
  });

  it('writes each changed word in the case it was written, on continued lines too', () => {
    const text = `NETSH AdvFirewall Firewall Add Rule Name="BE" Dir=Out Action=Allow ^\n    Protocol=TCP LocalPort=any RemotePort=10000 RemoteIP=10.0.1.10\n`;
    assert.equal(reversed('sql01.cmd', text, 0), `NETSH AdvFirewall Firewall Add Rule Name="BE" Dir=In Action=Allow ^\n    Protocol=TCP RemotePort=any LocalPort=10000 RemoteIP=10.0.1.10\n`);
    assert.equal(reversed('sql01.cmd', `${ADD} name="BE" DIR=IN action=allow protocol=TCP LOCALPORT=10000\n`, 0), `${ADD} name="BE" DIR=OUT action=allow protocol=TCP REMOTEPORT=10000\n`);
  });

  it('a command without dir= (inbound) gets dir=out', () => {
    assert.equal(reversed('sql01.cmd', `${ADD} name="BE" action=allow protocol=TCP localport=10000\n`, 0), `${ADD} name="BE" action=allow protocol=TCP remoteport=10000 dir=out\n`);
  });

  it('is not offered when the direction is a variable, a port is a keyword only one side takes, or a parameter applies one way only', () => {
    assert.equal(reversed('sql01.cmd', `set D=out\n${ADD} name="BE" dir=%D% action=allow protocol=TCP remoteport=10000\n`, 0), undefined);
    assert.equal(reversed('sql01.cmd', `${ADD} name="RPC" dir=in action=allow protocol=TCP localport=RPC\n`, 0), undefined);
    assert.equal(reversed('sql01.cmd', `${ADD} name="BE" dir=in action=allow protocol=TCP localport=10000 edge=yes\n`, 0), undefined);
  });
});

describe('netsh: a new command', () => {
  const site = [
    '@echo off',
    'REM Windows Defender Firewall on sql01',
    'set BESERVER=10.0.1.10',
    '',
    'REM Backup Exec: control connection from the media server',
    `${ADD} name="Backup Exec Remote Agent" dir=in action=allow ^`,
    '    protocol=TCP localport=10000 remoteip=%BESERVER%',
    '',
    'REM SQL Server for the application team',
    `${ADD} name="SQL Server" dir=in action=allow protocol=TCP localport=1433 remoteip=10.0.9.0/24`,
    '',
  ];
  const newCommand = [`${ADD} name="Remote Agent data connections from be01 to sql01" dir=in action=allow ^`, '    protocol=TCP localport=50100-50149 remoteip=%BESERVER%'];
  const afterControl = (lines: string[]) => [...lines.slice(0, 7), ...newCommand, ...lines.slice(7)];

  it('goes after the rules for the same computer, written like them (^ continuation) and naming its variable', () => {
    const fixed = withRule('sql01.cmd', site.join('\n'), DATA)!;
    assert.equal(fixed, afterControl(site).join('\n'));
    const model = scriptFile('sql01.cmd', fixed);
    assert.deepEqual([model.problems, model.unresolved], [[], []]);
    const added = model.rules[1];
    assert.deepEqual([added.name, added.syntax.direction, added.sources, added.destinations, added.ports.toString()], [DATA.name, 'inbound', ['10.0.1.10'], ['any'], '50100-50149']);
  });

  it('keeps a CRLF script\'s line ends', () => {
    assert.equal(withRule('sql01.cmd', site.join('\r\n'), DATA), afterControl(site).join('\r\n'));
  });

  it('carries the description after the name, as befw generate writes it', () => {
    const described = withRule('sql01.cmd', site.join('\n'), { ...DATA, description: 'Backup Exec: agent data range; source: KB100017208' })!;
    assert.ok(described.includes(`${ADD} name="Remote Agent data connections from be01 to sql01" description="Backup Exec: agent data range; source: KB100017208" dir=in action=allow ^\n    protocol=TCP`), described);
  });

  it('names a variable set as set "NAME=value", the last one set to the address', () => {
    const quoted = site.map((line) => (line === 'set BESERVER=10.0.1.10' ? 'set "BESERVER=10.0.1.10"\nset MEDIA=10.0.1.10' : line));
    assert.match(withRule('sql01.cmd', quoted.join('\n'), DATA)!, /localport=50100-50149 remoteip=%MEDIA%\n/);
  });

  it('writes the address itself when no variable holds exactly it there: set under a condition, changed since, or out of scope', () => {
    const variants = [
      (t: string) => t.replace('set BESERVER=10.0.1.10', 'if exist x.txt set BESERVER=10.0.1.10'),
      (t: string) => t.replace('\n\nREM Backup Exec', '\nset BESERVER=10.0.1.11\n\nREM Backup Exec'),
      (t: string) => t.replace('set BESERVER=10.0.1.10', 'setlocal\nset BESERVER=10.0.1.10\nendlocal'),
      (t: string) => t.replace('set BESERVER=10.0.1.10', 'set BESERVER=10.0.1.10/32'),
    ];
    for (const variant of variants) assert.match(withRule('sql01.cmd', variant(site.join('\n')), DATA)!, /name="Remote Agent data[^%]*localport=50100-50149 remoteip=10\.0\.1\.10\n/, variant.toString());
  });

  it('inside a parenthesised block, whose variables were expanded when it was read, the address is written', () => {
    const text = `set BESERVER=10.0.1.10\nif exist be.flag (\n  ${ADD} name="Other" dir=in action=allow protocol=TCP localport=1433 remoteip=10.0.3.5\n)\n`;
    assert.equal(withRule('sql01.cmd', text, DATA), text.replace('10.0.3.5\n', `10.0.3.5\n  ${ADD} name="Remote Agent data connections from be01 to sql01" dir=in action=allow protocol=TCP localport=50100-50149 remoteip=10.0.1.10\n`));
  });

  it('a netsh -f script has no variables: the address is written', () => {
    const text = `set BESERVER=10.0.1.10\nadvfirewall firewall add rule name="BE" dir=in action=allow protocol=TCP localport=10000 remoteip=10.0.1.10\n`;
    assert.equal(withRule('sql01.netsh', text, DATA), `${text}advfirewall firewall add rule name="Remote Agent data connections from be01 to sql01" dir=in action=allow protocol=TCP localport=50100-50149 remoteip=10.0.1.10\n`);
  });

  it('without a related rule, or when the related one is in a block, it goes after the last rule command as before', () => {
    const unrelated = site.join('\n').replace('remoteip=%BESERVER%', 'remoteip=10.0.3.5');
    assert.equal(withRule('sql01.cmd', unrelated, DATA), `${unrelated}${ADD} name="Remote Agent data connections from be01 to sql01" dir=in action=allow protocol=TCP localport=50100-50149 remoteip=%BESERVER%\n`);
    const inBlock = site.join('\n').replace(`${ADD} name="Backup Exec Remote Agent"`, `if exist be.flag (\n${ADD} name="Backup Exec Remote Agent"`).replace('remoteip=%BESERVER%', 'remoteip=%BESERVER%\n)');
    assert.equal(withRule('sql01.cmd', inBlock, DATA), `${inBlock}${ADD} name="Remote Agent data connections from be01 to sql01" dir=in action=allow protocol=TCP localport=50100-50149 remoteip=%BESERVER%\n`);
  });

  it('joins a rule of the same service though its computer differs, its ports in the name or not', () => {
    const text = `${ADD} name="Remote Agent data connections from be01 to sql02" dir=in action=allow protocol=TCP localport=50100-50149 remoteip=10.0.1.11\n${ADD} name="Other" dir=in action=allow protocol=TCP localport=1433\n`;
    const [first, second] = text.split(/(?<=\n)/);
    assert.equal(withRule('sql01.cmd', text, DATA), `${first}${ADD} name="Remote Agent data connections from be01 to sql01" dir=in action=allow protocol=TCP localport=50100-50149 remoteip=10.0.1.10\n${second}`);
    const part = { ...DATA, name: 'Remote Agent data connections 50121-50149 from be01 to sql01', ports: ['50121-50149'] };
    assert.equal(withRule('sql01.cmd', text, part), `${first}${ADD} name="${part.name}" dir=in action=allow protocol=TCP localport=50121-50149 remoteip=10.0.1.10\n${second}`);
  });
});
