import type { DomainHandlers } from '../../core/context';

/** The WhatsApp module's contract handlers (domain `wa`). */
export type WaHandlers = DomainHandlers<'wa'>;
