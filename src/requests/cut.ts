import { z } from 'zod';
import { type Cut, cutImpact, type CutImpact } from '../analysis/cut-impact.js';
import { polygonCut } from '../analysis/polygon-cut.js';
import { Area } from '../model/area.js';
import { collectionRoutes } from '../routing/collection-routes.js';
import { type RouteDiversity, routeDiversity } from '../routing/route-diversity.js';
import { type RerouteReport, rerouteAfterCut } from '../saturation/reroute-after-cut.js';
import { Ids, NetworkRequest, SaturationModelRequest } from './bounds.js';
import type { LoadedNetwork, NetworkWorkspace } from './network-workspace.js';
import { parseRequest } from './request-error.js';

/** What fails together, and whether to re-route what it breaks (the body of `POST …/cuts`). */
export const CutBody = z.strictObject({
  sections: Ids().default([]).describe('section ids'),
  sites: Ids().default([]).describe('site ids'),
  riskGroups: Ids().default([]).describe('risk groups: all their sections fail'),
  owners: Ids(1_000).default([]).describe('conduit owners: all their sections fail'),
  polygon: Area.optional().describe('an area: every section crossing it and every site inside it fail'),
  reroute: z.union([z.boolean(), z.strictObject(SaturationModelRequest)]).default(false)
    .describe('also re-route what the cut broke and report what saturates: true, or { fibresPerRoute, nearRatio, saturatedRatio, diversity }'),
});

/** `cut`: the network, what fails together, and whether to re-route. At least one thing must fail. */
export const CutRequest = CutBody.extend({ network: NetworkRequest.prefault({}) }).refine((r) => r.polygon !== undefined || r.sections.length + r.sites.length + r.riskGroups.length + r.owners.length > 0, {
  message: 'name what fails: sections, sites, riskGroups, owners or polygon', path: ['sections'], params: { code: 'empty-cut' },
});
export type CutRequest = z.input<typeof CutRequest>;

/** Who loses service, and with `reroute` what saturates once the broken routes are re-routed. */
export type CutAnswer = CutImpact & { reroute?: RerouteReport };

/**
 * The `cut --json` document (docs/cli.md). An area that selects nothing is a cut of nothing,
 * not an error: the planner learns that no section crosses it.
 *
 * @example
 * cutRequest(workspace, { sections: ['S-040'], reroute: true }).isolatedNros; // ['NRO-CAY']
 */
export function cutRequest(workspace: NetworkWorkspace, input: CutRequest): CutAnswer {
  const request = parseRequest(CutRequest, input, 'cut');
  const loaded = workspace.network(request.network);
  const area = request.polygon ? polygonCut(workspace.topology, loaded.net, request.polygon) : { sections: [], sites: [] };
  const cut: Required<Cut> = {
    sections: [...request.sections, ...area.sections],
    sites: [...request.sites, ...area.sites],
    riskGroups: request.riskGroups,
    owners: request.owners,
  };
  // The analysis settles a cut of sections from its tree (a worker keeps it for the next cut); a cut of sites is searched.
  const impact = cutImpact(loaded.net, cut, cut.sites.length === 0 ? { analysis: loaded.analysis() } : {});
  if (request.reroute === false) return impact;
  const { diversity, ...options } = request.reroute === true ? {} : request.reroute;
  return { ...impact, reroute: rerouteAfterCut(routingOf(loaded, diversity), cut, { ...options, impact }) };
}

/**
 * The collection routing of a network at a diversity (default `DEFAULT_DIVERSITY`), computed
 * once per network and diversity.
 *
 * @example
 * routingOf(loaded, 'risk-group').diversity; // 'risk-group'
 */
export function routingOf(loaded: LoadedNetwork, diversity?: RouteDiversity) {
  const level = routeDiversity(diversity);
  return loaded.memo(`routing:${level}`, () => collectionRoutes(loaded.net, { diversity: level }));
}
