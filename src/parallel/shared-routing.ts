import type { CollectionRouting } from '../routing/collection-routes.js';
import type { Route } from '../routing/route.js';
import { networkView, type SharedNetwork, type SharedRoutes, shareNetwork, shareRoutes, unflattenRoutes } from './shared-network.js';
import { shared } from './threads.js';

/** A routing in shared memory, for the workers of a sweep: the network, the routes flattened, the intact tree. */
export interface SharedRouting {
  net: SharedNetwork;
  nros: Int32Array;
  /** The k-th NRO's primary at 2k, its backup at 2k + 1. */
  routes: SharedRoutes;
  /** The routing's diversity, which re-routing keeps. */
  diversity: CollectionRouting['diversity'];
  toHeadend: Float64Array;
  via: Int32Array;
}

/**
 * A routing copied once into shared memory, for `routingView` in each worker.
 *
 * @example
 * const data = { routing: shareRouting(routing), … }; // in the worker: routingView(data.routing)
 */
export function shareRouting(routing: CollectionRouting): SharedRouting {
  return {
    net: shareNetwork(routing.net),
    nros: shared(routing.nros),
    routes: shareRoutes(interleaved(routing)),
    diversity: routing.diversity,
    toHeadend: shared(routing.toHeadend),
    via: shared(routing.via),
  };
}

/**
 * The routing a worker reads from shared memory: the same routes as the calling thread's.
 *
 * @example
 * const routing = routingView(data.routing);
 */
export function routingView(data: SharedRouting): CollectionRouting {
  const routes = unflattenRoutes(data.routes);
  const k = data.nros.length;
  return {
    net: networkView(data.net),
    nros: data.nros,
    primary: Array.from({ length: k }, (_, i) => routes[2 * i]),
    backup: Array.from({ length: k }, (_, i) => routes[2 * i + 1]),
    diversity: data.diversity,
    toHeadend: data.toHeadend,
    via: data.via,
  };
}

/**
 * The routes of a routing as one list: the k-th NRO's primary at 2k, its backup at 2k + 1.
 *
 * @example
 * shareRoutes(interleaved(routing));
 */
export function interleaved(routing: CollectionRouting): (Route | null)[] {
  const routes = new Array<Route | null>(2 * routing.nros.length);
  for (let k = 0; k < routing.nros.length; k++) {
    routes[2 * k] = routing.primary[k];
    routes[2 * k + 1] = routing.backup[k];
  }
  return routes;
}
