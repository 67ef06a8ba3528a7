import { useCallback, useEffect, useState } from 'react';
import { errorText, queryApi } from '../api/query-api.client';
import type { Caller } from '../api/query-api.types';

// The token stays in this tab's sessionStorage: it is gone when the tab closes, and other sites
// cannot read it. It is only ever sent to the query API, this page's origin.
const STORAGE_KEY = 'rewind.token';

/** The token every call to the query API carries (`Authorization: Bearer …`); '' when none was entered. */
export const storedToken = (): string => sessionStorage.getItem(STORAGE_KEY) ?? '';

/** Who the token is, as the query API reads it: the API, not the explorer, knows which claim holds the roles. */
export type Identity =
  | { readonly kind: 'none' }
  | { readonly kind: 'checking' }
  | { readonly kind: 'known'; readonly caller: Caller }
  | { readonly kind: 'refused'; readonly reason: string };

export function useSession(): { token: string; identity: Identity; setToken: (token: string) => void } {
  const [token, setState] = useState(storedToken);
  const [identity, setIdentity] = useState<Identity>({ kind: 'none' });
  const setToken = useCallback((next: string) => {
    const trimmed = next.trim();
    if (trimmed === '') sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, trimmed);
    setState(trimmed);
  }, []);
  useEffect(() => {
    if (token === '') {
      setIdentity({ kind: 'none' });
      return undefined;
    }
    let stopped = false;
    setIdentity({ kind: 'checking' });
    queryApi.me().then(
      (answer) => !stopped && setIdentity({ kind: 'known', caller: answer.body }),
      (caught: unknown) => !stopped && setIdentity({ kind: 'refused', reason: errorText(caught) }),
    );
    return () => {
      stopped = true;
    };
  }, [token]);
  return { token, identity, setToken };
}
