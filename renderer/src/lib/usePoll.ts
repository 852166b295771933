import { useEffect, useRef } from 'react';

/** Calls `fn` every `ms` while the component is mounted and the page is visible (live screens). */
export function usePoll(fn: () => unknown, ms: number, enabled = true): void {
  const ref = useRef(fn);
  useEffect(() => {
    ref.current = fn;
  });
  useEffect(() => {
    if (!enabled) return;
    const id = window.setInterval(() => {
      if (document.visibilityState === 'visible') void ref.current();
    }, ms);
    return () => window.clearInterval(id);
  }, [ms, enabled]);
}
