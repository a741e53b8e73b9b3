import type { UncheckedFirewall } from '../flows/uncheckedFlows';
import { excerpt } from '../util/excerpt';
import { flowPorts, type FlowRow } from './flowTable';

/**
 * The rows of the flows crossing firewalls whose rule file was not read: listed
 * as unchecked, not left out, so a firewall's table is never empty for that reason.
 */
export function uncheckedFlowRows(unchecked: readonly UncheckedFirewall[]): FlowRow[] {
  return unchecked.flatMap(({ firewall, failure, unread, flows }) => {
    const file = excerpt(unread[0].rulesPath.value);
    return flows.map(({ flow, direction }) => ({
      firewall: firewall.name.value,
      direction,
      service: flow.service.name,
      from: flow.from.name.value,
      to: flow.to.name.value,
      ports: flowPorts(flow),
      allowed: false,
      status: `unchecked: rule file ${failure} (${file})`,
      allowedBy: [],
    }));
  });
}
