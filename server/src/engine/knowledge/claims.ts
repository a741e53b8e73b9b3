import type { Catalog, Claim, SourceCitation } from '../catalog/catalog';

/**
 * A source by id, with its tier where the source is not Veritas' own
 * (a registry, a community module), so a reader weighs it accordingly.
 */
export function sourceName(catalog: Catalog, id: string): string {
  const source = catalog.source(id);
  if (!source || source.tier.startsWith('vendor')) return catalog.cite(id);
  return `${catalog.cite(id)} [${source.tier}]`;
}

export function citationText(catalog: Catalog, citation: SourceCitation): string {
  return `${sourceName(catalog, citation.id)}${citation.quote ? `: "${citation.quote}"` : ''}`;
}

/** "Sources: KB100017208 (…): "quote"; …" under every explanation. */
export function sourcesLine(catalog: Catalog, citations: readonly SourceCitation[]): string {
  return `Sources: ${citations.map((c) => citationText(catalog, c)).join('; ')}`;
}

/** A claim with its basis: the quote that states it, or the plain word that befw inferred it or that no source documents it. */
export function claimText(catalog: Catalog, claim: Claim): string {
  switch (claim.basis) {
    case 'stated':
      return `${claim.text} (${citationText(catalog, { id: claim.source!, quote: claim.quote })})`;
    case 'inferred':
      return `${claim.text} (inferred by befw${claim.source ? ` from ${sourceName(catalog, claim.source)}` : ''}; no source states it)`;
    case 'undocumented':
      return `${claim.text} (not documented by the sources)`;
  }
}
