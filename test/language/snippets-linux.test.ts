import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { getDefaultCatalog, type Service } from '../../server/src/engine/catalog/catalog';
import { parseIptablesSave } from '../../server/src/engine/dialects/iptables/parse';
import { parseNftables } from '../../server/src/engine/dialects/nftables/parse';
import { configuredPorts } from '../../server/src/engine/language/snippets';

const root = join(__dirname, '..', '..', '..');
const catalog = getDefaultCatalog();

interface Snippet {
  prefix: string[];
  description: string;
  body: string[];
}

const read = (file: string): Record<string, Snippet> => JSON.parse(readFileSync(join(root, 'snippets', file), 'utf8'));

/** The text a snippet inserts when every placeholder keeps its default (a choice its first option), the server's address typed in. */
function expanded(snippet: Snippet, serverAddress: string): string {
  return snippet.body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:backup-exec-server-address\}/g, serverAddress)
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

/** Each documented port or range, as snippets write it ("6101", "1025-65535"), and the catalog service it belongs to. */
const documented = new Map(catalog.services.flatMap((service) => (configuredPorts(catalog, service)?.split(', ') ?? []).map((port): [string, Service] => [port, service])));

/** The services every agent host needs, whatever its features: always required, to or from the remote computer. */
const agentHostServices = catalog.services.filter((s) => s.requiredWhen.kind === 'always' && (s.to === 'remote-computer' || s.from === 'remote-computer'));

interface Dialect {
  readonly file: string;
  /** The port values the text writes, one per port or range, ranges as "a-b". */
  ports(text: string): string[];
  /** Whether the text lets traffic in to the agent host (true) or out of it (false). */
  inbound(text: string): boolean;
  /** What befw's own parser finds wrong in the text: syntax problems, statements it cannot read, rules that do not accept. */
  misreadings(text: string): string[];
}

const IPTABLES: Dialect = {
  file: 'befw-iptables.code-snippets',
  ports: (text) => [...text.matchAll(/--(?:dports?|sports?|ports)\s+(?:!\s+)?(\S+)/g)].flatMap((m) => m[1].split(',')).map((port) => port.replace(':', '-')),
  inbound: (text) => /^-A INPUT .* -s \S+/.test(text),
  misreadings: (text) => {
    const save = parseIptablesSave(`*filter\n:INPUT DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n${text}COMMIT\n`);
    const rules = save.tables.flatMap((table) => table.rules);
    return [...save.problems.map((p) => p.message), ...rules.filter((rule) => rule.target?.target?.text !== 'ACCEPT').map((rule) => `no -j ACCEPT in ${rule.chain.text}`)];
  },
};

const NFT: Dialect = {
  file: 'befw-nft.code-snippets',
  ports: (text) => [...text.matchAll(/\b[ds]port\s+(?:[!=]=\s+)?(\{[^}]*\}|\S+)/g)].flatMap((m) => m[1].replace(/[{}]/g, '').split(',')).map((port) => port.trim()),
  inbound: (text) => /\bip6? saddr \S+/.test(text),
  misreadings: (text) => {
    const ruleset = parseNftables(`table inet filter {\n\tchain input {\n\t\t${text}\n\t}\n}\n`);
    const statements = ruleset.tables.flatMap((table) => table.chains.flatMap((chain) => chain.rules.flatMap((rule) => rule.statements)));
    return [
      ...ruleset.problems.map((p) => p.message),
      ...statements.flatMap((statement) => (statement.kind === 'unknown' ? [`unknown statement: ${statement.words.map((w) => w.text).join(' ')}`] : [])),
      ...statements.flatMap((statement) => (statement.kind === 'verdict' && statement.verdict !== 'accept' ? [`verdict ${statement.verdict}`] : [])),
    ];
  },
};

for (const dialect of [IPTABLES, NFT]) {
  describe(`snippets/${dialect.file}`, () => {
    const snippets = Object.entries(read(dialect.file));

    it('writes only ports the catalog documents, each citing a source the catalog gives for it, in the direction the catalog says', () => {
      assert.ok(snippets.length >= 3);
      for (const [name, snippet] of snippets) {
        const text = expanded(snippet, '10.0.1.10');
        const ports = dialect.ports(text);
        assert.ok(ports.length > 0, `${name} writes a port`);
        for (const port of ports) {
          const service = documented.get(port);
          assert.ok(service, `${name}: port ${port} is not in the catalog`);
          const cited = service.sources.map((s) => s.id).filter((id) => snippet.description.includes(id));
          assert.ok(cited.length > 0, `${name} cites one of ${service.sources.map((s) => s.id).join(', ')} for ${port}`);
          assert.equal(dialect.inbound(text), service.to === 'remote-computer', `${name}: ${service.from} → ${service.to}`);
        }
      }
    });

    it('has a snippet for each port every agent host needs (catalog: always required, to or from the remote computer)', () => {
      const written = new Set(snippets.flatMap(([, snippet]) => dialect.ports(expanded(snippet, '10.0.1.10'))).map((port) => documented.get(port)?.id));
      assert.deepEqual(agentHostServices.map((s) => s.id).filter((id) => !written.has(id)), []);
      assert.deepEqual(agentHostServices.map((s) => s.id).sort(), ['agent-browser', 'remote-agent-control', 'remote-agent-data']);
    });

    it('inserts accept rules befw reads without a problem or an unknown statement, for IPv4 and IPv6 servers', () => {
      for (const [name, snippet] of snippets) {
        assert.deepEqual(dialect.misreadings(expanded(snippet, '10.0.1.10')), [], name);
        const ipv6 = expanded(snippet, 'fd00:10::10').replace(/\bip ([sd]addr)/g, 'ip6 $1');
        assert.deepEqual(dialect.misreadings(ipv6), [], `${name} (IPv6)`);
      }
    });
  });
}
