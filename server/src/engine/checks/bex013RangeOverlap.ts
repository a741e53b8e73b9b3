import { excerpt } from '../util/excerpt';
import { intervalInEffect } from './rangeRules';
import type { CheckDefinition } from './types';

export const bex013RangeOverlap: CheckDefinition = {
  code: 'BEX013',
  severity: 'warning',
  title: 'Server and agent ranges overlap',
  docs: 'The Backup Exec server range and the remote agent range are separate settings and should not overlap (TN255831). Only ranges that are on count: a range that is off is not used. Move one of them.',
  check: (context) => {
    const manifest = context.manifest;
    if (!manifest) return [];
    const bounds = context.catalog.acceptedRangeBounds;
    const { serverRange, agentRange } = manifest.settings;
    // A range that is off is not used, so it cannot collide with the other (and an agent range that is off spans every dynamic port anyway).
    const server = intervalInEffect(serverRange, bounds);
    const agent = intervalInEffect(agentRange, bounds);
    if (!server || !agent || !serverRange || !agentRange || server.to < agent.from || agent.to < server.from) return [];
    const overlap = `${Math.max(server.from, agent.from)}-${Math.min(server.to, agent.to)}`;
    return [
      {
        uri: manifest.uri,
        range: agentRange.text.range,
        message: `The agent range ${excerpt(agentRange.text.value.trim())} overlaps the server range ${excerpt(serverRange.text.value.trim())} (${overlap}); the two ranges should not overlap.`,
        related: [{ uri: manifest.uri, range: serverRange.text.range, message: 'server range' }],
      },
    ];
  },
};
