import { useEffect, useState } from 'react';
import { parseRoute, routeHref, type Route } from './route';

/** The route the location's hash names, following every change of it. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

/** Goes to a route, as a link would. */
export function navigate(route: Route): void {
  window.location.hash = routeHref(route);
}
