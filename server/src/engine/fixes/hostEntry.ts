import manifestSchema from '../../../../schemas/bexnet.schema.json';
import { parseAddressOrCidr } from '../util/address';
import { excerpt } from '../util/excerpt';

/**
 * What a new manifest host must be, as the manifest's schema and parser accept
 * it. Kept apart from the edit that writes it, so the VS Code client can check
 * an address as it is typed with the parser the checks use.
 */
const hostSchema = manifestSchema.properties.hosts.items.properties;

const NAME_PATTERN = new RegExp(hostSchema.name.pattern);

/** The roles a manifest host may have, in the schema's order. */
export const HOST_ROLES: readonly string[] = hostSchema.role.enum;

/** Why `name` cannot name a host, or undefined when it can. */
export function hostNameProblem(name: string): string | undefined {
  return NAME_PATTERN.test(name) ? undefined : `"${excerpt(name)}" cannot name a host: a name starts with a letter or digit, followed by letters, digits, ".", "_" or "-"`;
}

/** Why `address` is not a host address the manifest accepts (IPv4 or IPv6 address, CIDR, or any), or undefined when it is. */
export function hostAddressProblem(address: string): string | undefined {
  const text = address.trim();
  if (text.toLowerCase() === 'any' || parseAddressOrCidr(text)) return undefined;
  return `"${excerpt(address)}" is not an IPv4 or IPv6 address, a CIDR, or any`;
}

/** Why `role` is not a host role, or undefined when it is. */
export function hostRoleProblem(role: string): string | undefined {
  return HOST_ROLES.includes(role) ? undefined : `"${excerpt(role)}" is not a role; the roles are ${HOST_ROLES.join(', ')}`;
}
