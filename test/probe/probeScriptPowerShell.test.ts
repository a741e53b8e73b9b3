import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tokenize, type Token } from '../../server/src/engine/dialects/powershell/tokens';
import { listenScriptPowerShell } from '../../server/src/engine/probe/listenScriptPowerShell';
import { probeScriptPowerShell } from '../../server/src/engine/probe/probeScriptPowerShell';
import type { ListenPlan, ProbePlan } from '../../server/src/engine/probe/types';

/**
 * The PowerShell scripts are checked without PowerShell: pwsh cannot be installed here (no .NET,
 * not in Debian's archive, and npm's pwsh package downloads it from GitHub, which is not reached).
 * They tokenize cleanly with befw's own tokenizer, and what they run and write is read from the text.
 */

const plan: ProbePlan = {
  from: 'be01',
  manifestName: 'site.bexnet.yaml',
  targets: [
    { to: 'sql01', address: '10.0.2.20', ports: [{ port: 10000, services: ['Remote Agent control connection (NDMP)'] }, { port: 50100, services: ['Remote Agent data connections'], sampleOf: '50100-50149' }, { port: 50149, services: ['Remote Agent data connections'], sampleOf: '50100-50149' }] },
    { to: 'v6', address: '2001:db8::20', ports: [{ port: 10000, services: ['Remote Agent control connection (NDMP)'] }] },
  ],
  skipped: [{ to: 'm365', what: 'Microsoft 365 (Exchange Online) (TCP 80, 443)', reason: 'its address is any: give one with --address m365=<address>' }],
  timeoutSeconds: 3,
  resultsFile: 'be01.probe.jsonl',
};
const listen: ListenPlan = { host: 'sql01', manifestName: 'site.bexnet.yaml', ports: [{ port: 50100, services: ['Remote Agent data connections'], sampleOf: '50100-50149', from: ['be01'] }, { port: 50149, services: ['Remote Agent data connections'], sampleOf: '50100-50149', from: ['be01'] }], minutes: 10 };

const words = (script: string) => tokenize(script).tokens.filter((t) => t.kind === 'word').map((t) => t.value);
function assigned(script: string, name: string): Token | undefined {
  const tokens = tokenize(script).tokens;
  const at = tokens.findIndex((t, i) => t.kind === 'variable' && t.value === name && tokens[i + 1]?.kind === 'assign');
  return at === -1 ? undefined : tokens[at + 2];
}
function assertCleanPowerShell(text: string) {
  const { tokens, problems } = tokenize(text);
  assert.deepEqual(problems, []);
  assert.equal(tokens.filter((t) => t.kind === 'open').length, tokens.filter((t) => t.kind === 'close').length, 'brackets balance');
  assert.match(text, /^[\x00-\x7f]*$/);
  assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/);
}

describe('the PowerShell probe script', () => {
  const { text, scriptFile } = probeScriptPowerShell(plan);

  it('tokenizes cleanly, ASCII only, with Windows line ends', () => {
    assertCleanPowerShell(text);
    assert.equal(scriptFile, 'befw-probe-be01.ps1');
    assert.match(text, /\r\nparam\(\r\n {4}\[string\]\$OutFile = 'be01\.probe\.jsonl'\r\n\)\r\n/);
  });

  it('connects with TcpClient: BeginConnect, a wait of the timeout, EndConnect; the client always disposed', () => {
    assert.match(text, /\$timeoutSeconds = 3\r\n/);
    assert.match(text, /New-Object System\.Net\.Sockets\.TcpClient\(\$ip\.AddressFamily\)/);
    assert.match(text, /\$attempt = \$client\.BeginConnect\(\$address, \$port, \$null, \$null\)\r\n {8}if \(-not \$attempt\.AsyncWaitHandle\.WaitOne\(\$timeoutSeconds \* 1000\)\) \{\r\n {12}return @\{ result = 'timeout'; detail = '' \}/);
    assert.match(text, /\$client\.EndConnect\(\$attempt\)\r\n {8}return @\{ result = 'open'; detail = '' \}/);
    assert.match(text, /\} finally \{\r\n {8}\(\[System\.IDisposable\]\$client\)\.Dispose\(\)\r\n {4}\}/);
  });

  it('classifies by SocketErrorCode, never the message: ConnectionRefused is refused, any other code timeout with the code', () => {
    assert.match(text, /\$code = \$socketException\.SocketErrorCode\r\n {8}if \(\$code -eq \[System\.Net\.Sockets\.SocketError\]::ConnectionRefused\) \{\r\n {12}return @\{ result = 'refused'; detail = \[string\]\$code \}\r\n {8}\}/);
    assert.match(text, /\r\n {8}return @\{ result = 'timeout'; detail = \[string\]\$code \}\r\n/);
    const start = text.indexOf('function Test-TcpPort');
    assert.doesNotMatch(text.slice(start, text.indexOf('\r\n}\r\n', start)), /\.Message|-match|-like/);
  });

  it('writes the keys in the order of the schema, escaped, with the invariant-culture time and its offset', () => {
    const record = text.slice(text.indexOf('function Write-ProbeRecord'), text.indexOf('\r\n}\r\n', text.indexOf('function Write-ProbeRecord')));
    const keys = [...record.matchAll(/\\?"(\w+)\\?":/g)].map((m) => m[1]);
    assert.deepEqual(keys, ['from', 'to', 'protocol', 'port', 'result', 'at', 'address', 'detail']);
    assert.match(text, /\(Get-Date\)\.ToString\('yyyy-MM-ddTHH:mm:sszzz', \[Globalization\.CultureInfo\]::InvariantCulture\)/);
    assert.match(text, /if \(\$code -eq 34 -or \$code -eq 92\) \{ \[void\]\$builder\.Append\('\\'\)\.Append\(\$char\) \}/);
    assert.match(text, /elseif \(\$code -lt 32 -or \$code -gt 126\) \{ \[void\]\$builder\.Append\('\\u'\)\.Append\(\$code\.ToString\('x4'\)\) \}/);
    assert.match(text, /\[System\.IO\.File\]::WriteAllText\(\$path, '', \$utf8\)/);
  });

  it('holds every destination and port of the plan, and says them (and what it skips) before connecting', () => {
    assert.ok(text.includes("\r\n    @{ to = 'sql01'; address = '10.0.2.20'; ports = @(10000, 50100, 50149) }\r\n"));
    assert.ok(text.includes("\r\n    @{ to = 'v6'; address = '2001:db8::20'; ports = @(10000) }\r\n"));
    const firstConnect = text.indexOf('Test-TcpPort $target.address');
    for (const said of [
      "Write-Host ('befw:   ' + 'sql01 at 10.0.2.20:')",
      "Write-Host ('befw:   ' + '  TCP 50100, 50149 (samples of 50100-50149): Remote Agent data connections')",
      "Write-Host ('befw: not tested: ' + 'm365: Microsoft 365 (Exchange Online) (TCP 80, 443): its address is any: give one with --address m365=<address>')",
      'Write-Host "befw: results go to $path (replaced)"',
    ]) {
      const at = text.indexOf(said);
      assert.ok(at > 0 && at < firstConnect, said);
    }
    const help = text.slice(0, text.indexOf('#>'));
    assert.match(help, /refused {2}the host answered with a reset: the connection reached the host, and nothing listens\r\n {15}on that port\. Some firewalls reject with a reset too/);
    assert.match(help, /timeout {2}no answer within 3 seconds, or a firewall on the way answered "unreachable"/);
    assert.match(help, /It needs no administrator rights and changes nothing/);
  });

  it('runs nothing but connects: every command it calls prints, converts or waits', () => {
    assert.deepEqual([...new Set(words(text).filter((w) => /^[A-Z][A-Za-z]+-[A-Z]\w+$/.test(w)))].sort(), [
      'ConvertTo-JsonText',
      'ForEach-Object',
      'Get-Date',
      'Get-ProbeTime',
      'Get-SocketException',
      'New-Object',
      'Test-TcpPort',
      'Where-Object',
      'Write-Host',
      'Write-ProbeRecord',
    ]);
  });

  it('with nothing to test, says so and what it does not test, then exits', () => {
    const { text: nothing } = probeScriptPowerShell({ ...plan, targets: [] });
    assertCleanPowerShell(nothing);
    const said = nothing.split('\r\n');
    const start = said.findIndex((line) => line.startsWith('Write-Host "befw: testing from'));
    assert.deepEqual(said.slice(start + 1, start + 5), [
      "Write-Host 'befw: nothing to test: no required TCP flow that a connect can test starts on this host.'",
      "Write-Host ('befw: not tested: ' + 'm365: Microsoft 365 (Exchange Online) (TCP 80, 443): its address is any: give one with --address m365=<address>')",
      'exit 0',
      'try {',
    ]);
  });

  it('embeds a hostile host name as data', () => {
    for (const host of ["sql01'; Remove-Item -Recurse C:\\ ; '", 'sql01\u2019; Remove-Item C:\\ ; \u2018', 'sql01 #> Remove-Item C:\\ <#', 'sql01\r\nRemove-Item C:\\', '\u00dcn\u00efc\u00f8d\u00e9']) {
      const hostile: ProbePlan = { ...plan, from: host, targets: [{ ...plan.targets[0], to: host }] };
      const script = probeScriptPowerShell(hostile).text;
      assertCleanPowerShell(script);
      assert.ok(!words(script).includes('Remove-Item'), host);
      const value = assigned(script, 'from')!;
      if (value.kind === 'string') assert.equal(value.value, host);
      else assert.match(script.slice(value.start, script.indexOf('\r\n', value.start)), /FromBase64String/);
    }
  });
});

describe('the PowerShell listener script', () => {
  const { text, scriptFile } = listenScriptPowerShell(listen);

  it('tokenizes cleanly, ASCII only, with Windows line ends', () => {
    assertCleanPowerShell(text);
    assert.equal(scriptFile, 'befw-listen-sql01.ps1');
    assert.match(text, /\r\nparam\(\r\n {4}\[int\]\$Seconds = 600\r\n\)\r\n/);
    assert.match(text, /\$ports = @\(50100, 50149\)\r\n/);
  });

  it('opens a dual-mode TcpListener (IPv6 and IPv4) per port, says a port in use, accepts until the deadline and stops every listener in finally', () => {
    assert.ok(text.includes('\r\n    foreach ($port in $ports) {\r\n        # Create: one listener for IPv6 and IPv4 alike (dual mode; .NET Framework 4.5+ and .NET), where IPAddress Any is IPv4 only.\r\n        $listener = [System.Net.Sockets.TcpListener]::Create($port)\r\n'));
    const listeners = tokenize(text)
      .tokens.map((t, i, all) => (t.kind === 'type' && t.value.includes('TcpListener') ? all.slice(i, i + 4).map((n) => `${n.kind} ${n.value}`) : undefined))
      .filter((found) => found !== undefined);
    assert.deepEqual(listeners, [['type [System.Net.Sockets.TcpListener]', 'word ::Create', 'open (', 'variable port']]);
    assert.ok(!words(text).some((w) => w.includes('TcpListener')) && !text.includes('IPAddress]::Any'), 'no IPv4-only listener');
    assert.match(text, /SocketErrorCode -eq \[System\.Net\.Sockets\.SocketError\]::AddressAlreadyInUse\) \{\r\n {16}Write-Host "befw: port \$\(\$port\): something listens there already"/);
    assert.match(text, /while \(\$listeners\.Count -gt 0 -and \(Get-Date\) -lt \$deadline\)/);
    assert.ok(
      text.includes(
        [
          '                $peer = $client.Client.RemoteEndPoint.Address',
          '                # Dual mode shows an IPv4 peer as ::ffff:a.b.c.d; said as the probe connected from it.',
          '                if ($peer.IsIPv4MappedToIPv6) { $peer = $peer.MapToIPv4() }',
          '                Write-Host "befw: connection from $peer to port $($listener.LocalEndpoint.Port)"',
        ].join('\r\n'),
      ),
    );
    assert.match(text, /\} finally \{\r\n.*\r\n {4}foreach \(\$listener in \$listeners\) \{ \$listener\.Stop\(\) \}\r\n {4}Write-Host \('befw: closed the listeners on TCP ' \+ \(\$ports -join ', '\)\)\r\n\}/);
  });

  it('says honestly that a rule for a Backup Exec program does not cover its listener', () => {
    assert.match(text, /a rule that allows these ports only for a Backup Exec program \(beremote\.exe, say\)\r\n {4}does not cover PowerShell's listener, and Windows may ask whether to allow PowerShell/);
    assert.ok(text.indexOf("Write-Host 'befw: a Windows Defender Firewall rule for a Backup Exec program only does not cover this listener") < text.indexOf('$listener.Start()'));
  });
});
