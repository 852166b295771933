import type { Input, Method, Output } from '../shared/contract';
import type { RpcResult } from '../shared/errors';
import type { EventName, ServerEvents } from '../shared/events';

export interface PrintRequest {
  /** Complete HTML document to print (voucher sheet, receipt). */
  html: string;
  /** Thermal widths in micrometres are derived from the size. */
  pageSize: 'A4' | '58mm' | '80mm';
  silent?: boolean;
  deviceName?: string;
}

export interface UpdateStatus {
  state: 'idle' | 'checking' | 'available' | 'downloading' | 'downloaded' | 'not-available' | 'error' | 'disabled';
  version?: string;
  message?: string;
}

export interface DesktopApi {
  print(req: PrintRequest): Promise<RpcResult<{ printed: boolean }>>;
  printToPdf(req: PrintRequest): Promise<RpcResult<{ pdfBase64: string }>>;
  applyUpdate(): Promise<RpcResult<{ ok: true }>>;
  onUpdateStatus(handler: (s: UpdateStatus) => void): () => void;
}

/** What preload/index.ts exposes on `window.mikrotikBilling` (checked with `satisfies`). */
export interface Bridge {
  rpc: { [M in Method]: (input: Input<M>) => Promise<RpcResult<Output<M>>> };
  on<E extends EventName>(event: E, handler: (payload: ServerEvents[E]) => void): () => void;
  desktop: DesktopApi;
}
