import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import collectorSchema from '../../../schemas/windows-collector.schema.json';
import { tokenize, type Token } from '../../../server/src/engine/dialects/powershell/tokens';
import { collectorScript } from '../../../server/src/engine/dialects/windows-collector/collectorScript';

/**
 * The collector script is checked without PowerShell (not installed here): it tokenizes cleanly
 * with befw's own PowerShell tokenizer, and what it runs and writes is read from its text.
 */

const { text, exportFile } = collectorScript('sql01', 'site.bexnet.yaml');
const words = (script: string) => tokenize(script).tokens.filter((t) => t.kind === 'word').map((t) => t.value);
/** The keys of the `[ordered]@{ … }` that follows `after`, each with what it is set to. */
function entries(after: string): [string, string][] {
  const start = text.indexOf('[ordered]@{', text.indexOf(after));
  const end = start + text.slice(start).search(/\r\n *\}/);
  return [...text.slice(start, end).matchAll(/^ +(\w+) += (.*)$/gm)].map((m) => [m[1], m[2]]);
}
/** The string a `$name = <string>` assignment gives, as PowerShell reads it. */
function assigned(script: string, name: string): Token | undefined {
  const tokens = tokenize(script).tokens;
  const at = tokens.findIndex((t, i) => t.kind === 'variable' && t.value === name && tokens[i + 1]?.kind === 'assign');
  return at === -1 ? undefined : tokens[at + 2];
}

describe('the collector script', () => {
  it('is PowerShell that tokenizes cleanly, ASCII only, with Windows line ends', () => {
    assert.deepEqual(tokenize(text).problems, []);
    assert.match(text, /^[\x00-\x7f]*$/);
    assert.doesNotMatch(text.replace(/\r\n/g, ''), /[\r\n]/);
    assert.equal(exportFile, 'sql01.befw-firewall.json');
  });

  it('starts with help saying what it does, that it changes nothing and needs no internet, and where it writes', () => {
    const help = text.slice(0, text.indexOf('#>') + 2);
    assert.match(help, /^<#\r\n\.SYNOPSIS\r\n/);
    assert.match(help, /\.DESCRIPTION\r\n {4}Made by "befw collect" for the host sql01 of the manifest site\.bexnet\.yaml\./);
    assert.match(help, /It changes nothing: it only runs Get- cmdlets/);
    assert.match(help, /It needs no internet connection and sends nothing anywhere\./);
    assert.match(help, /It writes one file: sql01\.befw-firewall\.json in the current folder, or the -OutFile path\./);
    assert.match(help, /\.PARAMETER OutFile\r\n/);
    assert.match(text, /\r\nparam\(\r\n {4}\[string\]\$OutFile = 'sql01\.befw-firewall\.json'\r\n\)\r\n/);
  });

  it('reads the effective policy (ActiveStore) with each kind of filter fetched once and joined on InstanceID', () => {
    assert.match(text, /foreach \(\$rule in Get-NetFirewallRule -PolicyStore ActiveStore\)/);
    for (const [table, cmdlet] of [
      ['$portFilters', 'Get-NetFirewallPortFilter'],
      ['$addressFilters', 'Get-NetFirewallAddressFilter'],
      ['$applicationFilters', 'Get-NetFirewallApplicationFilter'],
      ['$serviceFilters', 'Get-NetFirewallServiceFilter'],
    ]) {
      assert.ok(text.includes(`foreach ($filter in ${cmdlet} -All -PolicyStore ActiveStore) { ${table}[$filter.InstanceID] = $filter }`), cmdlet);
      // Once for all rules; per rule only when the join found none.
      assert.equal(words(text).filter((w) => w === cmdlet).length, 2, cmdlet);
      assert.match(text, new RegExp(`= \\${table}\\[\\$id\\]\\r\\n {4}if \\(\\$null -eq \\$\\w+\\) \\{ \\$\\w+ = \\$rule \\| ${cmdlet} \\}`), cmdlet);
    }
    assert.match(text, /Get-NetFirewallProfile -PolicyStore ActiveStore/);
    assert.match(text, /Get-NetConnectionProfile -ErrorAction SilentlyContinue/);
  });

  it('changes nothing: every command it runs reads, converts or prints', () => {
    const commands = new Set(words(text).filter((w) => /^[A-Z][A-Za-z]+-[A-Z]\w+$/.test(w)));
    assert.deepEqual([...commands].sort(), [
      'ConvertTo-Json',
      'ConvertTo-JsonFlag',
      'Get-NetConnectionProfile',
      'Get-NetFirewallAddressFilter',
      'Get-NetFirewallApplicationFilter',
      'Get-NetFirewallPortFilter',
      'Get-NetFirewallProfile',
      'Get-NetFirewallRule',
      'Get-NetFirewallServiceFilter',
      'New-Object',
      'Write-Host',
    ]);
    assert.match(text, /\r\nfunction ConvertTo-JsonFlag\(\$value\) \{/);
  });

  it('writes names, never numbers, arrays always as arrays, as UTF-8 without a byte-order mark', () => {
    for (const [key, value] of entries('$rules = @(')) {
      assert.match(value, /^(\[string\]\$|\[string\[\]\]|\(\[string\]\$rule\.Enabled -eq 'True'\)$)/, key);
    }
    for (const list of ['profiles', 'localPorts', 'remotePorts', 'localAddresses', 'remoteAddresses']) {
      assert.match(Object.fromEntries(entries('$rules = @('))[list], /^\[string\[\]\]/, list);
    }
    assert.deepEqual(Object.fromEntries(entries('$profiles = @(')), {
      name: '[string]$firewallProfile.Name',
      enabled: '(ConvertTo-JsonFlag $firewallProfile.Enabled)',
      defaultInboundAction: '[string]$firewallProfile.DefaultInboundAction',
      defaultOutboundAction: '[string]$firewallProfile.DefaultOutboundAction',
      allowInboundRules: '(ConvertTo-JsonFlag $firewallProfile.AllowInboundRules)',
    });
    assert.match(text, /\$json = ConvertTo-Json -InputObject \$export -Depth 6\r\n/);
    assert.match(text, /\[System\.IO\.File\]::WriteAllText\(\$path, \$json, \(New-Object System\.Text\.UTF8Encoding \$false\)\)/);
    assert.match(text, /collectedAt += \[DateTime\]::UtcNow\.ToString\('o'\)/);
    assert.match(text, /host += \[string\]\$env:COMPUTERNAME/);
    assert.match(text, /powershell += \[string\]\$PSVersionTable\.PSVersion/);
  });

  it('writes the keys the schema reads, every required one included', () => {
    const definitions = collectorSchema.definitions as unknown as Record<string, { properties: object; required: string[] }>;
    const expect = (written: [string, string][], schema: { properties: object; required: string[] }, what: string) => {
      const keys = written.map(([key]) => key);
      assert.deepEqual(keys.filter((key) => !(key in schema.properties)), [], what);
      assert.deepEqual(schema.required.filter((key) => !keys.includes(key)), [], what);
    };
    expect(entries('$export'), collectorSchema as unknown as { properties: object; required: string[] }, 'export');
    expect(entries('$rules = @('), definitions.rule, 'rule');
    expect(entries('$profiles = @('), definitions.profile, 'profile');
    expect(entries('$connections = @('), definitions.connection, 'connection');
    assert.deepEqual(Object.fromEntries(entries('$export')).format, "'befw-windows-firewall'");
  });

  it('says what it will do before reading anything, and how many rules it wrote after writing', () => {
    const firstRead = text.indexOf('Get-NetFirewall', text.indexOf('#>'));
    const said = text.indexOf('Write-Host "befw: reading the firewall policy in effect on $env:COMPUTERNAME (policy store ActiveStore); nothing is changed."');
    assert.ok(said > 0 && said < firstRead);
    assert.ok(text.indexOf('Write-Host "befw: it will be written to $path"') < firstRead);
    const written = text.indexOf('Write-Host "befw: wrote $($rules.Count) rule(s)');
    assert.ok(written > text.indexOf('WriteAllText('));
  });

  it('embeds any host name as data: quotes, typographic quotes, #> and line breaks run nothing', () => {
    for (const host of ["sql01'; Remove-Item -Recurse C:\\ ; '", 'sql01’; Remove-Item -Recurse C:\\ ; ‘', 'sql01 #> Remove-Item -Recurse C:\\ <#', 'sql01 #>\r\nRemove-Item -Recurse C:\\\r\n<#', 'Ünïcødé-01']) {
      const script = collectorScript(host, 'site #>\nRemove-Item C:\\.bexnet.yaml').text;
      assert.deepEqual(tokenize(script).problems, [], host);
      assert.match(script, /^[\x00-\x7f]*$/, host);
      assert.ok(!words(script).includes('Remove-Item'), host);
      const value = assigned(script, 'manifesthost')!;
      if (value.kind === 'string') {
        assert.equal(value.value, host);
      } else {
        // Not printable ASCII: its UTF-8 in Base64, decoded by PowerShell.
        const base64 = /FromBase64String\('([A-Za-z0-9+/=]+)'\)/.exec(script.slice(value.start, script.indexOf('\r\n', value.start)))![1];
        assert.equal(new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))), host);
      }
    }
    assert.equal(collectorScript('../../Windows/System32/x', 'm').exportFile, '_._.._Windows_System32_x.befw-firewall.json');
  });
});
