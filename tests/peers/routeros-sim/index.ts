/** In-repo RouterOS API simulator (see README.md). */
export { startRouterSim, type RouterSim, type SimOptions } from './server';
export { SimState, Menu, type SimUser, type RowMatch } from './state';
export { Faults, type TrapOptions } from './faults';
export { encodeLength, encodeSentence, encodeWord, decodeLength, SentenceDecoder, ProtocolError, type Sentence } from './codec';
export { legacyResponse } from './session';
export { compileQuery } from './query';
export { seedDemo } from './demo';
export type { Row } from './values';
export type { MenuPath } from './menus/index';
