import { bex001Schema } from './bex001Schema';
import { bex010RangeBounds } from './bex010RangeBounds';
import { bex011RangeTooSmall } from './bex011RangeTooSmall';
import { bex012RangeTooSmallForJobs } from './bex012RangeTooSmallForJobs';
import { bex013RangeOverlap } from './bex013RangeOverlap';
import { bex014DynamicRangesDisabled } from './bex014DynamicRangesDisabled';
import { bex015UnknownManifestHost } from './bex015UnknownManifestHost';
import { bex016DuplicateHost } from './bex016DuplicateHost';
import { bex017RuleFileUnreadable } from './bex017RuleFileUnreadable';
import { bex018NotStaticallyKnown } from './bex018NotStaticallyKnown';
import { bex019FileTooLarge } from './bex019FileTooLarge';
import { bex020RangeStartsAt1024 } from './bex020RangeStartsAt1024';
import { bex021SharedRangeFlag } from './bex021SharedRangeFlag';
import { bex022LinuxAgentUndocumented } from './bex022LinuxAgentUndocumented';
import { bex100MissingFlow } from './bex100MissingFlow';
import { bex101PartialFlow } from './bex101PartialFlow';
import { bex102WrongProtocol } from './bex102WrongProtocol';
import { bex103ReversedFlow } from './bex103ReversedFlow';
import { bex104BlockPrecedence } from './bex104BlockPrecedence';
import { bex105HostOnlyDrop } from './bex105HostOnlyDrop';
import { bex200InvalidPort } from './bex200InvalidPort';
import { bex201ShadowedRule } from './bex201ShadowedRule';
import { bex202DuplicateRule } from './bex202DuplicateRule';
import { bex203OverPermissive } from './bex203OverPermissive';
import { bex204UnneededPort } from './bex204UnneededPort';
import { bex205UnknownRuleHost } from './bex205UnknownRuleHost';
import { bex300ObservedTimeout } from './bex300ObservedTimeout';
import { bex301ObservedThroughBlocked } from './bex301ObservedThroughBlocked';
import { bex302StaleObservation } from './bex302StaleObservation';
import { bex303ObservationNotInManifest } from './bex303ObservationNotInManifest';
import type { CheckDefinition } from './types';

/** Every check, in code order: the one table diagnostics, fixes, docs and SARIF rules come from. */
export const CHECKS: readonly CheckDefinition[] = [
  bex001Schema,
  bex010RangeBounds,
  bex011RangeTooSmall,
  bex012RangeTooSmallForJobs,
  bex013RangeOverlap,
  bex014DynamicRangesDisabled,
  bex015UnknownManifestHost,
  bex016DuplicateHost,
  bex017RuleFileUnreadable,
  bex018NotStaticallyKnown,
  bex019FileTooLarge,
  bex020RangeStartsAt1024,
  bex021SharedRangeFlag,
  bex022LinuxAgentUndocumented,
  bex100MissingFlow,
  bex101PartialFlow,
  bex102WrongProtocol,
  bex103ReversedFlow,
  bex104BlockPrecedence,
  bex105HostOnlyDrop,
  bex200InvalidPort,
  bex201ShadowedRule,
  bex202DuplicateRule,
  bex203OverPermissive,
  bex204UnneededPort,
  bex205UnknownRuleHost,
  bex300ObservedTimeout,
  bex301ObservedThroughBlocked,
  bex302StaleObservation,
  bex303ObservationNotInManifest,
];

const BY_CODE = new Map(CHECKS.map((check) => [check.code, check]));

export function checkByCode(code: string): CheckDefinition | undefined {
  return BY_CODE.get(code.toUpperCase());
}

/** Where each code is documented (LSP codeDescription, SARIF helpUri). */
export const DOCS_BASE_URL = 'https://github.com/befw/backup-exec-firewall-assistant/blob/main/docs/codes.md';

export function docsUrl(code: string): string {
  return `${DOCS_BASE_URL}#${code.toLowerCase()}`;
}
