// @ts-check
/**
 * The records the map reads from the API, as JSDoc types for the type check (`npm run
 * typecheck:browser`). Nothing here runs: the page never loads this module, the other modules
 * name its types with `import('./types.js').Site`.
 *
 * Only the fields the map uses are listed; the API sends more.
 */

/** @typedef {'existing' | 'planned'} ElementStatus */
/** @typedef {'headend' | 'pop' | 'nro' | 'junction'} SiteKind */
/** @typedef {'secured' | 'single-homed' | 'isolated'} NroStatus */
/** @typedef {'ok' | 'near' | 'saturated' | 'unknown'} LoadState */

/**
 * A site of the topology's GeoJSON, with its position.
 * @typedef {object} Site
 * @property {string} id
 * @property {SiteKind} kind
 * @property {string} [name]
 * @property {ElementStatus} [status]
 * @property {number} [subscribers]
 * @property {import('geojson').Point} geometry
 * @property {number} lon
 * @property {number} lat
 */

/**
 * A section (a conduit between two sites).
 * @typedef {object} Section
 * @property {string} id
 * @property {string} from
 * @property {string} to
 * @property {string} owner
 * @property {number} lengthM
 * @property {ElementStatus} [status]
 * @property {number} [capacityFibres]
 * @property {number} [usedFibres]
 * @property {string[]} [riskGroups]
 * @property {import('geojson').LineString} geometry
 */

/**
 * A candidate redundancy link.
 * @typedef {object} RedundancyLink
 * @property {string} id
 * @property {string} a
 * @property {string} b
 * @property {string} owner
 * @property {number} lengthM
 * @property {number} [costEur]
 * @property {number} [priority]
 * @property {ElementStatus} [status]
 * @property {import('geojson').LineString} geometry
 */

/**
 * A desaturation work: more fibres on some sections.
 * @typedef {object} DesaturationWork
 * @property {string} id
 * @property {string} [label]
 * @property {number} [costEur]
 * @property {string[]} sections
 */

/** @typedef {Section | RedundancyLink} Line */

/**
 * The topology as GET /v1/topologies/{id}?f=geojson gives it: every field a feature property.
 * @typedef {object} TopologyGeoJson
 * @property {{ name?: string }} [fibreTopology]
 * @property {{ geometry: any, properties: { featureType: string, id: string } & Record<string, any> }[]} features
 */

/** @typedef {{ id: string, name: string, version: number | string }} TopologyEntry */

/**
 * One NRO of the analysis.
 * @typedef {object} NroAnalysis
 * @property {string} id
 * @property {NroStatus} status
 * @property {number} paths
 * @property {number} subscribers
 * @property {string[]} criticalSections
 * @property {string[]} criticalSites
 * @property {string[]} sharedRiskGroups
 * @property {string[]} exposedBy
 */

/** @typedef {{ section: string, subscribersCut: number, isolatedNros: string[] }} SectionImpact */
/** @typedef {{ site: string, subscribersCut: number }} SiteImpact */

/**
 * GET /v1/topologies/{id}/analysis.
 * @typedef {object} Analysis
 * @property {string[]} headends
 * @property {NroAnalysis[]} nros
 * @property {string[]} bridges
 * @property {SectionImpact[]} cutImpact
 * @property {SiteImpact[]} siteImpact
 */

/** @typedef {{ section: string, loadFibres: number, ratio: number, state: LoadState }} SectionLoad */
/** @typedef {{ sections: SectionLoad[] }} Saturation */

/** @typedef {{ ratio: number, state: string, saturation?: number }} LoadFigure */

/** @typedef {{ section: string, owner: string, before: LoadFigure, after: LoadFigure }} StrainedSection */

/**
 * @typedef {object} ReroutedRoute
 * @property {string} nro
 * @property {string} role
 * @property {number} lengthM
 * @property {number | null} addedLengthM
 * @property {string[]} sections
 */

/**
 * What saturates once the routes a cut breaks are re-routed (the engine's RerouteReport).
 * @typedef {object} Reroute
 * @property {ReroutedRoute[]} rerouted
 * @property {StrainedSection[]} sections
 * @property {StrainedSection[]} [loadedFurther]
 * @property {{ nro: string, subscribers: number }[]} unroutable
 * @property {string[]} unprotected
 */

/**
 * What fails: the body of POST /v1/topologies/{id}/cuts.
 * @typedef {object} CutRequest
 * @property {string[]} [sections]
 * @property {string[]} [sites]
 * @property {string[]} [owners]
 * @property {string[]} [riskGroups]
 * @property {import('geojson').Polygon | import('geojson').Feature<import('geojson').Polygon>} [polygon]
 */

/**
 * The answer of POST /v1/topologies/{id}/cuts.
 * @typedef {object} CutImpact
 * @property {string[]} failedSections
 * @property {string[]} failedSites
 * @property {string[]} isolatedSites
 * @property {string[]} isolatedNros
 * @property {number} subscribersCut
 * @property {Reroute} [reroute]
 * @property {Reroute} [rerouting]
 */

/** @typedef {{ request: CutRequest, impact: CutImpact, reroute: Reroute | null }} CutResult */

/**
 * A ranked redundancy link, or a link proposed beyond the list (`forNro`).
 * @typedef {object} RankedLink
 * @property {string} id
 * @property {string} a
 * @property {string} b
 * @property {string} [forNro]
 * @property {number} [priority]
 * @property {number} costEur
 * @property {number} [eurPerM]
 * @property {number} [lengthM]
 * @property {boolean} [buysNothing]
 * @property {string[]} [securedNros]
 * @property {number} [subscribersSecured]
 */

/**
 * A ranked desaturation work.
 * @typedef {object} RankedWork
 * @property {string} id
 * @property {string} label
 * @property {number} [urgency]
 * @property {number} costEur
 * @property {boolean} [buysNothing]
 * @property {{ section: string, before: LoadFigure, after: LoadFigure }[]} sections
 */

/**
 * What the works panel shows on the map: a link (ranked or proposed) or a work.
 * @typedef {{ id: string, forNro?: string, a?: string, b?: string, securedNros?: string[], sections?: { section: string }[] }} WorkItem
 */

/**
 * @typedef {object} ProposedLinks
 * @property {RankedLink[]} links
 * @property {string[]} singleHomedNros
 * @property {string} method
 */

/**
 * GET /v1/topologies/{id}/rankings (lists, or objects holding them).
 * @typedef {object} Ranking
 * @property {RankedLink[] | { links: RankedLink[] }} [links]
 * @property {RankedWork[] | { works: RankedWork[] }} [desaturationWorks]
 * @property {ProposedLinks} [proposedLinks]
 */

/**
 * POST /v1/topologies/{id}/plans.
 * @typedef {object} Plan
 * @property {{ id: string, label: string, costEur: number }[]} selected
 * @property {number} costEur
 * @property {number} budgetEur
 * @property {number} candidates
 * @property {string} method
 * @property {boolean} [optimal]
 * @property {{ subscribersSecured?: number }} [value]
 * @property {{ shares: { source: string }[] }} funding
 * @property {{ year: number, costEur: number, funding: { amountEur: number }[] }[]} years
 * @property {string[]} [warnings]
 */

/** @typedef {{ includePlanned?: boolean, withLinks?: string[], headends?: string[] }} NetworkOptions */

/** A click on the map. @typedef {{ kind: string, id: string, additive: boolean }} Pick */

export {};
