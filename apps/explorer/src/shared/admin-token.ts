import { useCallback, useState } from 'react';

// The admin token stays in this tab's sessionStorage: it is gone when the tab closes, and other
// sites cannot read it. It is only ever sent to the query API, this page's origin.
const STORAGE_KEY = 'rewind.adminToken';

export function useAdminToken(): { token: string; setToken: (token: string) => void } {
  const [token, setState] = useState(() => sessionStorage.getItem(STORAGE_KEY) ?? '');
  const setToken = useCallback((next: string) => {
    const trimmed = next.trim();
    if (trimmed === '') sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, trimmed);
    setState(trimmed);
  }, []);
  return { token, setToken };
}
