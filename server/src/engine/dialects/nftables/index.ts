/** The nftables text parser (groundwork for issue 16): syntax only, no rule model yet. */
export { parseNftables } from './parse';
export type * from './tree';
