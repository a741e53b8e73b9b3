import { COLLECTOR_EXTENSION, COLLECTOR_FORMAT, COLLECTOR_VERSION } from './format';
import { fileNamePart } from '../../util/fileNamePart';

/**
 * The PowerShell script `befw collect` writes for one Windows host: run there, it writes the
 * firewall policy in effect on that host to a collector export (docs/collector.md), which
 * parse.ts reads. It only reads (Get- cmdlets) and writes one file. Every value goes out by name
 * ([string] of an enum), arrays always as arrays, so Windows PowerShell 5.1 and PowerShell 7
 * write the same JSON. NOT VERIFIED by running it: no PowerShell here (see docs/collector.md).
 */

export interface CollectorScript {
  /** The script, ASCII only, with Windows line ends. */
  readonly text: string;
  /** The file it writes by default, in the folder it runs in. */
  readonly exportFile: string;
}

/** The script for the manifest's host `host`; `manifestName` is the manifest's file name, for the script's help. */
export function collectorScript(host: string, manifestName: string): CollectorScript {
  const exportFile = `${fileNamePart(host)}${COLLECTOR_EXTENSION}`;
  const lines = [
    '<#',
    '.SYNOPSIS',
    '    Writes the Windows Defender Firewall policy in effect on this computer to a JSON file for befw.',
    '',
    '.DESCRIPTION',
    `    Made by "befw collect" for the host ${commentText(host)} of the manifest ${commentText(manifestName)}.`,
    '',
    '    Reads the firewall policy this computer enforces: the ActiveStore policy store, where the local',
    '    rules and the Group Policy rules are merged as Windows applies them. For each rule: its ports,',
    '    addresses, program and service, and the store it comes from; for each network profile (Domain,',
    '    Private, Public): whether the firewall is on and its default actions; for each connected network:',
    '    its category, which decides the active profile. befw check compares them with the ports Backup',
    '    Exec needs.',
    '',
    '    It changes nothing: it only runs Get- cmdlets of the NetSecurity and NetConnection modules, which',
    '    come with Windows. It needs no internet connection and sends nothing anywhere.',
    `    It writes one file: ${commentText(exportFile)} in the current folder, or the -OutFile path.`,
    '',
    '.PARAMETER OutFile',
    `    The JSON file to write. Default: ${commentText(exportFile)} in the current folder.`,
    '',
    '.EXAMPLE',
    `    PS C:\\Temp> .\\befw-collect-${commentText(fileNamePart(host))}.ps1`,
    `    Writes C:\\Temp\\${commentText(exportFile)} (the script saved as befw-collect-${commentText(fileNamePart(host))}.ps1).`,
    '#>',
    '[CmdletBinding()]',
    'param(',
    `    [string]$OutFile = ${powershellString(exportFile)}`,
    ')',
    '',
    "$ErrorActionPreference = 'Stop'",
    '# The manifest\'s name of this host; the computer\'s own name is written beside it.',
    `$manifestHost = ${powershellString(host)}`,
    "# A relative -OutFile starts from PowerShell's current folder (.NET alone would take the process's).",
    '$path = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutFile)',
    '',
    'Write-Host "befw: reading the firewall policy in effect on $env:COMPUTERNAME (policy store ActiveStore); nothing is changed."',
    'Write-Host "befw: it will be written to $path"',
    '',
    '# Each kind of filter is read once and joined to its rule on InstanceID: piping every rule to',
    '# Get-NetFirewallPortFilter and the others is slow on a host with many rules.',
    ...filterTable('$portFilters', 'Get-NetFirewallPortFilter'),
    ...filterTable('$addressFilters', 'Get-NetFirewallAddressFilter'),
    ...filterTable('$applicationFilters', 'Get-NetFirewallApplicationFilter'),
    ...filterTable('$serviceFilters', 'Get-NetFirewallServiceFilter'),
    '',
    '# True and False as JSON booleans; any other name (NotConfigured) as it is.',
    'function ConvertTo-JsonFlag($value) {',
    '    switch ([string]$value) {',
    "        'True' { return $true }",
    "        'False' { return $false }",
    '        default { return [string]$value }',
    '    }',
    '}',
    '',
    '$rules = @(foreach ($rule in Get-NetFirewallRule -PolicyStore ActiveStore) {',
    '    $id = $rule.InstanceID',
    '    # A rule whose filter the -All reads did not return is asked for its own.',
    ...filterOf('$ports', '$portFilters', 'Get-NetFirewallPortFilter'),
    ...filterOf('$addresses', '$addressFilters', 'Get-NetFirewallAddressFilter'),
    ...filterOf('$application', '$applicationFilters', 'Get-NetFirewallApplicationFilter'),
    ...filterOf('$service', '$serviceFilters', 'Get-NetFirewallServiceFilter'),
    '    [ordered]@{',
    '        name                  = [string]$rule.Name',
    '        displayName           = [string]$rule.DisplayName',
    '        description           = [string]$rule.Description',
    '        group                 = [string]$rule.Group',
    '        displayGroup          = [string]$rule.DisplayGroup',
    "        enabled               = ([string]$rule.Enabled -eq 'True')",
    '        direction             = [string]$rule.Direction',
    '        action                = [string]$rule.Action',
    "        profiles              = [string[]](([string]$rule.Profile) -split ',\\s*')",
    '        protocol              = [string]$ports.Protocol',
    '        localPorts            = [string[]]@($ports.LocalPort)',
    '        remotePorts           = [string[]]@($ports.RemotePort)',
    '        localAddresses        = [string[]]@($addresses.LocalAddress)',
    '        remoteAddresses       = [string[]]@($addresses.RemoteAddress)',
    '        program               = [string]$application.Program',
    '        service               = [string]$service.Service',
    '        policyStoreSource     = [string]$rule.PolicyStoreSource',
    '        policyStoreSourceType = [string]$rule.PolicyStoreSourceType',
    '    }',
    '})',
    '',
    '$profiles = @(foreach ($firewallProfile in Get-NetFirewallProfile -PolicyStore ActiveStore) {',
    '    [ordered]@{',
    '        name                  = [string]$firewallProfile.Name',
    '        enabled               = (ConvertTo-JsonFlag $firewallProfile.Enabled)',
    '        defaultInboundAction  = [string]$firewallProfile.DefaultInboundAction',
    '        defaultOutboundAction = [string]$firewallProfile.DefaultOutboundAction',
    '        allowInboundRules     = (ConvertTo-JsonFlag $firewallProfile.AllowInboundRules)',
    '    }',
    '})',
    '',
    '# No connected network is no error: the list is then empty.',
    '$connections = @(foreach ($connection in Get-NetConnectionProfile -ErrorAction SilentlyContinue) {',
    '    [ordered]@{',
    '        interfaceAlias  = [string]$connection.InterfaceAlias',
    '        network         = [string]$connection.Name',
    '        networkCategory = [string]$connection.NetworkCategory',
    '    }',
    '})',
    '',
    '$export = [ordered]@{',
    `    format       = ${powershellString(COLLECTOR_FORMAT)}`,
    `    version      = ${COLLECTOR_VERSION}`,
    '    host         = [string]$env:COMPUTERNAME',
    '    manifestHost = $manifestHost',
    "    collectedAt  = [DateTime]::UtcNow.ToString('o')",
    '    powershell   = [string]$PSVersionTable.PSVersion',
    '    connections  = $connections',
    '    profiles     = $profiles',
    '    rules        = $rules',
    '}',
    '$json = ConvertTo-Json -InputObject $export -Depth 6',
    '# UTF-8 without a byte-order mark, the same from Windows PowerShell 5.1 and PowerShell 7.',
    '[System.IO.File]::WriteAllText($path, $json, (New-Object System.Text.UTF8Encoding $false))',
    'Write-Host "befw: wrote $($rules.Count) rule(s), $($profiles.Count) profile(s) and $($connections.Count) connected network(s) to $path"',
    'Write-Host "befw: copy it beside the manifest and name it in the rules: of the host firewall of $manifestHost."',
    '',
  ];
  return { text: lines.join('\r\n'), exportFile };
}

/** `$table = @{}` filled with every filter of a kind in effect, by InstanceID. */
function filterTable(table: string, cmdlet: string): string[] {
  return [`${table} = @{}`, `foreach ($filter in ${cmdlet} -All -PolicyStore ActiveStore) { ${table}[$filter.InstanceID] = $filter }`];
}

/** The rule's filter of a kind: from its table, else asked for the rule alone. */
function filterOf(variable: string, table: string, cmdlet: string): string[] {
  return [`    ${variable} = ${table}[$id]`, `    if ($null -eq ${variable}) { ${variable} = $rule | ${cmdlet} }`];
}

/**
 * A PowerShell single-quoted string holding `value`. Printable ASCII is written as is, with `'`
 * doubled. Anything else, the typographic quotes that also end such a string among it, is
 * written as its UTF-8 in Base64: the script stays ASCII, which Windows PowerShell 5.1 reads
 * alike whatever the code page it assumes for a file without a byte-order mark.
 */
export function powershellString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  let bytes = '';
  for (const byte of new TextEncoder().encode(value)) bytes += String.fromCharCode(byte);
  return `([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${btoa(bytes)}')))`;
}

/** Text for the help comment: printable ASCII (anything else as ?), and never the `#>` that would end the comment. */
export function commentText(value: string): string {
  return value.replace(/[\x00-\x1f\x7f-\uffff]/g, '?').replace(/#>/g, '#?');
}

