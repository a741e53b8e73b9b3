import type { SyntaxProblem } from '../../model/types';
import { excerpt } from '../../util/excerpt';
import type { XmlElement } from './xmlTree';

/**
 * The elements and attributes firewalld reads in a zone file: firewalld 1.3.3's parser tables
 * (src/firewall/core/io/zone.py, PARSER_REQUIRED_ELEMENT_ATTRS and PARSER_OPTIONAL_ELEMENT_ATTRS, as
 * installed by Debian 12's firewalld package), plus what the current firewalld.zone(5) adds
 * (zone ingress-priority and egress-priority, FORMATS.md 2c) and newer parsers read (limit burst,
 * firewalld src/firewall/core/io/policy.py). 1.3.3 refuses any other element or attribute, and a
 * missing required one, with PARSE_ERROR, and then loads none of the user's configuration
 * (`firewall-offline-cmd --check-config`, NOTES.md).
 */
const ELEMENTS: Readonly<Record<string, { readonly required: readonly string[]; readonly optional: readonly string[] }>> = {
  zone: { required: [], optional: ['name', 'immutable', 'target', 'version', 'ingress-priority', 'egress-priority'] },
  short: { required: [], optional: [] },
  description: { required: [], optional: [] },
  interface: { required: ['name'], optional: [] },
  source: { required: [], optional: ['address', 'mac', 'invert', 'family', 'ipset'] },
  destination: { required: [], optional: ['address', 'invert', 'ipset'] },
  service: { required: ['name'], optional: [] },
  port: { required: ['port', 'protocol'], optional: [] },
  protocol: { required: ['value'], optional: [] },
  'icmp-block': { required: ['name'], optional: [] },
  'icmp-type': { required: ['name'], optional: [] },
  'icmp-block-inversion': { required: [], optional: [] },
  forward: { required: [], optional: [] },
  masquerade: { required: [], optional: ['enabled'] },
  'forward-port': { required: ['port', 'protocol'], optional: ['to-port', 'to-addr'] },
  'source-port': { required: ['port', 'protocol'], optional: [] },
  'tcp-mss-clamp': { required: [], optional: ['value'] },
  rule: { required: [], optional: ['family', 'priority'] },
  log: { required: [], optional: ['prefix', 'level'] },
  nflog: { required: [], optional: ['group', 'prefix', 'queue-size'] },
  audit: { required: [], optional: [] },
  accept: { required: [], optional: [] },
  reject: { required: [], optional: ['type'] },
  drop: { required: [], optional: [] },
  mark: { required: ['set'], optional: [] },
  limit: { required: ['value'], optional: ['burst'] },
};

const REFUSED = 'firewalld refuses the zone file (PARSE_ERROR) and falls back to its stock configuration';

/** Unknown elements and attributes, and missing required attributes, in the whole tree (walked without recursion: nesting may be deep). */
export function checkSchema(root: XmlElement, problems: SyntaxProblem[]): void {
  const pending = [root];
  for (let element = pending.pop(); element; element = pending.pop()) {
    const known = ELEMENTS[element.name];
    if (!known) {
      problems.push({ message: `unknown element <${excerpt(element.name)}>: ${REFUSED}; remove it or correct its name (see firewalld.zone(5))`, range: element.nameRange });
      continue;
    }
    for (const attribute of element.attributes) {
      if (!known.required.includes(attribute.name) && !known.optional.includes(attribute.name)) {
        problems.push({ message: `<${element.name}> has no attribute ${excerpt(attribute.name)}: ${REFUSED}; remove it or correct its name`, range: attribute.nameRange });
      }
    }
    const missing = known.required.filter((name) => !element!.attributes.some((attribute) => attribute.name === name));
    if (missing.length > 0) problems.push({ message: `<${element.name}> needs ${missing.map((name) => `${name}="…"`).join(' and ')}: ${REFUSED}`, range: element.nameRange });
    for (let i = element.children.length - 1; i >= 0; i--) pending.push(element.children[i]);
  }
}
