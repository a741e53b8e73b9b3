import { listenScriptBash } from './listenScriptBash';
import { listenScriptPowerShell } from './listenScriptPowerShell';
import { probeScriptBash } from './probeScriptBash';
import { probeScriptPowerShell } from './probeScriptPowerShell';
import type { ProbeDialect, WrittenScript } from './scriptText';
import type { ListenPlan, ProbePlan } from './types';

/** The probe script of a plan in a dialect: PowerShell for a Windows host, bash for a Linux host. */
export function probeScript(plan: ProbePlan, dialect: ProbeDialect): WrittenScript {
  return dialect === 'bash' ? probeScriptBash(plan) : probeScriptPowerShell(plan);
}

/** The listener script of a plan in a dialect. */
export function listenScript(plan: ListenPlan, dialect: ProbeDialect): WrittenScript {
  return dialect === 'bash' ? listenScriptBash(plan) : listenScriptPowerShell(plan);
}
