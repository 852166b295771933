import type { z } from 'zod';
import type { Permission } from '../permissions';

/**
 * Who may call an operation: anyone (`public`), any logged-in user (`authenticated`), or holders of a
 * permission.
 */
export type Access = Permission | 'public' | 'authenticated';

export interface OpDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly access: Access;
  /** Mutating operations run in the single write queue, inside a transaction, and are audited. */
  readonly mutates: boolean;
  /** Phantom: the output type, never set at run time. */
  readonly __output?: O;
}

/**
 * Declare an operation: `op<Output>()({ input, access, mutates })`. The output type is given once and
 * flows to the handler signature, the preload bridge and the renderer client.
 */
export function op<O>() {
  return <I extends z.ZodType>(def: { input: I; access: Access; mutates: boolean }): OpDef<I, O> => def;
}
