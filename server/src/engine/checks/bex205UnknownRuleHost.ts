import { hostRoleChoices } from '../fixes/addManifestHost';
import { hostNameProblem } from '../fixes/hostEntry';
import { resolvedRule } from '../model/resolvedRule';
import { excerpt, excerptList } from '../util/excerpt';
import type { CheckDefinition, CodeFix, FixInput, Finding } from './types';

/** A name the editor may offer to add to the manifest (it asks the role and address): one a host may have, and not a mistyped address. */
function canNameHost(name: string): boolean {
  return hostNameProblem(name) === undefined && !/^[\d.]+$/.test(name);
}

export const bex205UnknownRuleHost: CheckDefinition = {
  code: 'BEX205',
  severity: 'error',
  title: 'Unknown host name in a rule',
  docs: 'A rule\'s from or to names something that is neither a host of the manifest, an IPv4/IPv6 address or CIDR, nor any. Such an entry matches nothing. In the editor, a quick-fix adds the name to the manifest\'s hosts, asking its role and address.',
  check: (context) => {
    if (!context.manifest) return [];
    const hosts = context.manifest.hosts.map((h) => h.name.value);
    const findings: Finding[] = [];
    for (const ruleFile of context.ruleFiles) {
      for (const rule of ruleFile.rules) {
        if (!resolvedRule(rule, context.endpoints).unknownEndpoint) continue;
        for (const endpoint of [...rule.from, ...rule.to]) {
          if (context.endpoints.resolve(endpoint.value).kind !== 'unknown') continue;
          findings.push({
            uri: ruleFile.uri,
            range: endpoint.range,
            message: `Rule "${excerpt(rule.name)}" names "${excerpt(endpoint.value)}", which is not a manifest host (${excerptList(hosts) || 'none'}), an address, a CIDR or any.`,
            related: [{ uri: context.manifest.uri, range: context.manifest.hostsKeyRange, message: 'manifest hosts' }],
            ...(canNameHost(endpoint.value) ? { data: { fix: 'addManifestHost', manifestUri: context.manifest.uri, name: endpoint.value } } : {}),
          });
        }
      }
    }
    return findings;
  },
  fix: addHostFix,
};

/** "Add host … to the manifest…": the editor asks its role and address, then asks the server for the edit (lsp/addHost.ts). */
function addHostFix(input: FixInput): CodeFix[] {
  const { manifestUri, name } = input.data;
  if (typeof manifestUri !== 'string' || typeof name !== 'string' || input.manifest?.uri !== manifestUri) return [];
  return [{ title: `Add host "${excerpt(name)}" to the manifest…`, isPreferred: true, edits: [], asks: { kind: 'manifest-host', manifestUri, name, roles: hostRoleChoices(input.catalog) } }];
}
