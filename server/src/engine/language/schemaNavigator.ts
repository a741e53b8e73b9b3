/** Just enough JSON Schema walking for completion: properties, items, $ref, anyOf/oneOf/allOf, enum, const. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | string[];
  readonly description?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode;
  readonly anyOf?: SchemaNode[];
  readonly oneOf?: SchemaNode[];
  readonly allOf?: SchemaNode[];
  readonly enum?: unknown[];
  readonly const?: unknown;
  readonly definitions?: Record<string, SchemaNode>;
}

/** The node a local reference ("#/definitions/x", or any "#/…" pointer) names. */
function resolve(root: SchemaNode, ref: string): SchemaNode | undefined {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), root) as SchemaNode | undefined;
}

/** Every alternative a node stands for, with references followed; a reference keeps its own description first. */
function expand(root: SchemaNode, node: SchemaNode | undefined, depth = 0): SchemaNode[] {
  if (!node || depth > 16) return [];
  if (node.$ref) return [node, ...expand(root, resolve(root, node.$ref), depth + 1)];
  const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  return [node, ...branches.flatMap((branch) => expand(root, branch, depth + 1))];
}

/** The schema nodes at a path of keys and "*" (list items). */
export function schemaAt(root: SchemaNode, path: readonly string[]): SchemaNode[] {
  let nodes = expand(root, root);
  for (const segment of path) {
    nodes = nodes.flatMap((node) => expand(root, segment === '*' ? node.items : node.properties?.[segment]));
  }
  return nodes;
}

export interface SchemaKey {
  readonly key: string;
  readonly description?: string;
  readonly isList: boolean;
  readonly isObject: boolean;
}

export function keysAt(root: SchemaNode, path: readonly string[]): SchemaKey[] {
  const keys = new Map<string, SchemaKey>();
  for (const node of schemaAt(root, path)) {
    for (const [key, property] of Object.entries(node.properties ?? {})) {
      if (keys.has(key)) continue;
      const alternatives = expand(root, property);
      const types = alternatives.flatMap((a) => (Array.isArray(a.type) ? a.type : a.type ? [a.type] : []));
      keys.set(key, {
        key,
        description: alternatives.find((a) => a.description)?.description,
        isList: types.length > 0 && types.every((t) => t === 'array'),
        isObject: types.includes('object'),
      });
    }
  }
  return [...keys.values()];
}

/** The fixed values a key accepts: enum and const members, true/false for booleans. */
export function valuesAt(root: SchemaNode, path: readonly string[]): { value: string; description?: string }[] {
  const values = new Map<string, string | undefined>();
  for (const node of schemaAt(root, path)) {
    for (const value of [...(node.enum ?? []), ...(node.const !== undefined ? [node.const] : [])]) values.set(String(value), node.description);
    const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
    if (types.includes('boolean')) ['true', 'false'].forEach((b) => values.set(b, node.description));
    for (const item of node.items ? expand(root, node.items) : []) for (const value of item.enum ?? []) values.set(String(value), item.description);
  }
  return [...values].map(([value, description]) => ({ value, description }));
}
