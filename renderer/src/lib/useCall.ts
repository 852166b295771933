import { useCallback, useEffect, useRef, useState } from 'react';
import type { Input, Method, Output } from '../../../shared/contract';
import { ApiError, call } from '../api/client';

export interface CallState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => Promise<void>;
}

/** Calls a read operation when the input changes; the latest answer wins. `reload` calls again. */
export function useCall<M extends Method>(method: M, input: Input<M>, enabled = true): CallState<Output<M>> {
  const key = JSON.stringify(input);
  const seq = useRef(0);
  const [state, setState] = useState<{ data: Output<M> | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: enabled });
  const reload = useCallback(async () => {
    if (!enabled) return;
    const n = ++seq.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await call(method, JSON.parse(key) as Input<M>);
      if (n === seq.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (n === seq.current) setState((s) => ({ ...s, error, loading: false }));
    }
  }, [method, key, enabled]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload };
}

export const isForbidden = (err: unknown): boolean => err instanceof ApiError && err.code === 'forbidden';
