import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api/query-api.client';

export interface Polled<T> {
  readonly value: T | undefined;
  /** The last load's error; the last value is kept meanwhile. */
  readonly error: string | undefined;
  /** Loads again now (after an action), without waiting for the next tick. */
  readonly refresh: () => void;
}

/**
 * Loads now and then every `intervalMs` while the page is shown: how the explorer stays live.
 * A new `key` (another order, other filters) starts over. A load starts only once the one before
 * has ended, so a slow API is never asked twice at once.
 */
export function usePolling<T>(load: () => Promise<T>, intervalMs: number, key: string): Polled<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => setValue(undefined), [key]);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const round = async () => {
      try {
        const next = await loadRef.current();
        if (stopped) return;
        setValue(next);
        setError(undefined);
      } catch (caught) {
        if (!stopped) setError(errorText(caught));
      }
      if (!stopped) timer = setTimeout(() => void round(), intervalMs);
    };
    void round();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [key, intervalMs, tick]);

  const refresh = useCallback(() => setTick((count) => count + 1), []);
  return { value, error, refresh };
}

/** Loads once per `key`: for what does not change once it exists, such as an order's state at a version. */
export function useLoaded<T>(load: () => Promise<T>, key: string): Omit<Polled<T>, 'refresh'> {
  const [loaded, setLoaded] = useState<{ key: string; value?: T; error?: string }>({ key: '' });
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let stopped = false;
    loadRef.current().then(
      (value) => !stopped && setLoaded({ key, value }),
      (caught: unknown) => !stopped && setLoaded({ key, error: errorText(caught) }),
    );
    return () => {
      stopped = true;
    };
  }, [key]);
  // a value of the key before is not this key's
  return loaded.key === key ? { value: loaded.value, error: loaded.error } : { value: undefined, error: undefined };
}
