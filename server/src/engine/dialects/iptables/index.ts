export { parseIptablesSave } from './parse';
export type * from './tree';
