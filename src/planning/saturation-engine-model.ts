import { compileNetwork } from '../graph/compile.js';
import type { DesaturationWork, Topology } from '../model/schema.js';
import { collectionRoutes } from '../routing/collection-routes.js';
import { saturationOptions } from '../saturation/options.js';
import { loadAfterWorks, routedFibres, sectionLoadFibres } from '../saturation/section-loads.js';
import { scenarioNetwork } from './link-scenario.js';
import type { CollectionRoute, SaturationModel, SaturationModelOptions } from './saturation-model.js';

export type EngineSaturationModelOptions = SaturationModelOptions;

/**
 * The saturation model of docs/analysis.md from the saturation engine: every NRO routed to the
 * nearest head-end by a primary and, where one exists, a section-disjoint backup; load =
 * `usedFibres` + `fibresPerRoute` per route through the section; a work adds its
 * `addedCapacityFibres` to each section it names (routes do not move: routing goes by
 * length). An NRO's routes are its primary and its backup together. Sections without fibre
 * counts follow the source's word as in `loadAfterWorks`. This is the default model of the
 * rankings and the plan.
 *
 * @example
 * const model = engineSaturationModel(topology);
 * model.sectionLoads(['S-024'], ['D-01'])[0]; // { state: 'ok', ratio: 0.33, … }
 */
export function engineSaturationModel(topology: Topology, options: EngineSaturationModelOptions = {}): SaturationModel {
  const resolved = saturationOptions(options);
  const net = compileNetwork(topology, scenarioNetwork(options));
  const routing = collectionRoutes(net);
  const load = sectionLoadFibres(net, routedFibres(routing, resolved.fibresPerRoute));
  const works = new Map((topology.desaturationWorks ?? []).map((w) => [w.id, w]));
  const named = new Set((topology.desaturationWorks ?? []).flatMap((w) => w.sections));

  const routes: CollectionRoute[] = [];
  routing.nros.forEach((v, k) => {
    const primary = routing.primary[k];
    if (!primary) return;
    const sections = new Set<string>();
    for (const route of [primary, routing.backup[k]]) if (route) for (const e of route.sections) sections.add(net.sectionIds[e]);
    routes.push({ nro: net.siteIds[v], subscribers: net.subscribers[v], sections: [...sections] });
  });

  return {
    name: `saturation engine: usedFibres + ${resolved.fibresPerRoute} fibres per route (primary and backup, shortest disjoint pair to the nearest head-end) against capacityFibres; near ≥ ${resolved.nearRatio * 100} %, saturated ≥ ${resolved.saturatedRatio * 100} %`,
    routes,
    sectionLoads: (ids, done) =>
      ids.map((id) => {
        const e = net.sectionIndex.get(id);
        const onIt = done.map((w) => works.get(w)).filter((w): w is DesaturationWork => w?.sections.includes(id) === true);
        if (e === undefined) return { ...loadAfterWorks(id, { load: null, capacity: null }, onIt, false, resolved), note: 'not in the analysed network' };
        const capacity = net.capacityFibres[e];
        return loadAfterWorks(id, { load: load[e], capacity: capacity > 0 ? capacity : null }, onIt, named.has(id), resolved);
      }),
  };
}
