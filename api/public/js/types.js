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

/** @typedef {{ isolated: number, 'single-homed': number, secured: number }} StatusCounts */

/**
 * The summary of GET /v1/topologies/{id}/analysis?summary=true.
 * @typedef {object} AnalysisSummary
 * @property {StatusCounts} nros
 * @property {StatusCounts} subscribers
 * @property {number} sites
 * @property {{ headend: number, pop: number, nro: number, junction: number }} siteKinds
 * @property {number} sections
 * @property {number} bridges
 * @property {number} articulationSites
 * @property {{ owner: string, sections: number, lengthM: number, subscribersCut: number, isolatedNros: number }[]} owners
 * @property {string[]} riskGroups
 * @property {{ redundancyLinks: number, desaturationWorks: number, costEur: number }} candidates
 */

/** @typedef {NroAnalysis & { name?: string, lon: number, lat: number }} NroRow */

/**
 * GET /v1/topologies/{id}/analysis with paging.
 * @typedef {object} AnalysisPage
 * @property {string[]} headends
 * @property {number} total
 * @property {number} offset
 * @property {number} limit
 * @property {NroRow[]} nros
 * @property {AnalysisSummary} [summary]
 */

/** @typedef {{ section: string, owner: string, loadFibres: number, ratio: number | null, state: LoadState }} SectionLoad */

/**
 * GET /v1/topologies/{id}/saturation with paging.
 * @typedef {object} SaturationPage
 * @property {number} total
 * @property {SectionLoad[]} sections
 * @property {{ sections: Record<LoadState, number>, owners: ({ owner: string, sections: number } & Record<LoadState, number>)[] }} [summary]
 */

/**
 * The TileJSON of a topology (docs/tiles.md).
 * @typedef {object} TileJson
 * @property {string[]} tiles
 * @property {number} [minzoom]
 * @property {number} [maxzoom]
 * @property {[number, number, number, number]} [bounds]
 * @property {number[]} [center]
 * @property {{ id: string, minzoom?: number, maxzoom?: number, fields?: Record<string, string> }[]} [vector_layers]
 */

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
