import { version } from '../../package.json';

/** The package version, shared by the CLI, the language server and SARIF output. */
export const VERSION: string = version;
