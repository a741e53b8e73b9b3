/** The engine's public API: editor-free, used by the language server and the CLI. */
export { getFirewallService, FirewallService, MANIFEST_SUFFIX, RULE_FILE_SUFFIX } from './service';
export type { CheckReport, CheckSettings, FileSystem, QuickFix, ServiceOptions } from './service';
export { CHECKS, checkByCode, docsUrl } from './checks/registry';
export type { CheckDefinition, Severity } from './checks/types';
export { explain, describeService } from './explain';
export type { Explanation } from './explain';
export { getDefaultCatalog, loadCatalog, Catalog, CatalogError } from './catalog/catalog';
