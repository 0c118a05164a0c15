import type { Messages } from './messages.js';

const TABLES = { redundancyLinks: 'redundancy links', desaturationWorks: 'desaturation works' } as const;
const FIELDS = { lengthM: 'length', costEur: 'cost' } as const;

const REASONS: Array<[RegExp, (m: RegExpExecArray, left: string) => string]> = [
  [/^adds nothing to the selected works$/, () => 'adds nothing to the works chosen'],
  [/^does not fit: .* left$/, (_m, left) => `does not fit in what is left of the budget (${left})`],
  [/^a better use of the budget was found$/, () => 'the budget does more elsewhere'],
  [/^its NROs enter service in (\d+), after the programme \((\d+)\)$/, (m) => `its NROs only enter service in ${m[1]}, after the programme ends (${m[2]})`],
];

/** Whether a figure as printed takes the singular in English. */
const one = (figure: string) => figure.replace(/<[^>]*>/g, '').trim() === '1';
const pl = (figure: string, singular: string, plural: string) => (one(figure) ? singular : plural);

/** The report in English (`--lang en`). */
export const EN: Messages = {
  lang: 'en',
  title: 'Securing and relieving the collection network',
  subtitle: (network) => `Report to the syndicate’s committee<br><span class="small">Network studied: “${network}”</span>`,
  coverNote:
    'This document sets out the state of the network, its weak points and the programme of works proposed. '
    + 'Every figure comes from the fibre-resilience tool’s analyses of the network file; the last part says where each one is read.',
  contents: 'Contents',

  inBrief: 'In brief',
  keyNetwork: (subscribers, nros, sections, length, owners) =>
    `The network serves ${subscribers} subscribers through ${nros} NROs, joined by ${sections} conduit sections (${length}) belonging to ${owners} ${pl(owners, 'owner', 'owners')}.`,
  keyNotSecured: (nros, subscribers, share) =>
    `<strong>${nros} ${pl(nros, 'NRO hangs', 'NROs hang')} on a single collection path</strong>: one cut takes service away from ${pl(nros, 'its', 'their')} ${subscribers} subscribers (${share} of all).`,
  keyAllSecured: 'Every NRO has two separate collection paths: no single cut takes an NRO out of service.',
  keyWorstCut: (section, subscribers) => `The worst cut, that of section ${section}, takes ${subscribers} subscribers out of service on its own.`,
  keySaturation: (saturated, near) => `<strong>${saturated} backbone ${pl(saturated, 'section is', 'sections are')} saturated</strong> and ${near} nearly so.`,
  keyPlan: (works, cost, years, budget, nros, subscribers, cleared) =>
    `<strong>The proposed programme takes ${works} ${pl(works, 'work', 'works')} for ${cost} before tax over ${years} ${pl(years, 'year', 'years')}</strong> (budget: ${budget}). `
    + `It secures ${nros} ${pl(nros, 'NRO', 'NROs')} (${subscribers} subscribers) and relieves ${cleared} saturated or nearly saturated ${pl(cleared, 'section', 'sections')}.`,
  keyLeft: (nros, names, proposed) =>
    `Once the programme is done, ${nros} ${pl(nros, 'NRO still hangs', 'NROs still hang')} on one path: ${names}.${proposed ? ` New links are proposed for ${pl(nros, 'it', 'them')} (part 6).` : ''}`,
  keyNoSaturation: 'No backbone section is saturated or nearly saturated.',
  keyNoWorks: 'The file plans no work (redundancy link or desaturation): there is no programme to propose.',
  keyNoneLeft: 'Once the programme is done, no NRO hangs on a single path any more.',
  keyFunding: (split) => `Funding of the programme: ${split}.`,
  keyOutage: (hours) => `Today the expected failures cost about ${hours} hours of service lost per subscriber, added up, each year (subscriber-hours).`,

  networkTitle: 'The network',
  networkLead:
    'The map shows the network’s sections by conduit owner. Saturated and nearly saturated sections are drawn thick, sections only planned dotted, '
    + 'the programme’s redundancy links as black dashes. NROs hanging on a single path carry a red triangle.',
  mapCaption: 'Map of the network (straight lines between sites where the file gives no route).',
  mapLabel: 'Map of the network: sections by owner, NROs not secured marked',
  legendOwner: 'Owner',
  legendLine: 'Section',
  legendSite: 'Site',
  lineExisting: 'in service',
  linePlanned: 'planned',
  lineStrained: 'saturated or nearly',
  lineProgramme: 'programme link',
  programmeLinks: 'Programme links',
  siteHeadend: 'head-end',
  sitePlanned: 'planned head-end',
  sitePop: 'POP',
  siteSecured: 'secured NRO',
  siteNotSecured: 'NRO on a single path',
  countsCaption: 'The network in figures',
  countsRows: {
    sites: 'Sites in the file',
    nros: 'of which NROs',
    headends: 'of which head-ends (in service and planned)',
    sections: 'Sections in the file',
    length: 'Length of the file’s sections',
    analysed: (sites, sections) => `Network analysed (works in service): ${sites} sites, ${sections} sections`,
    subscribers: 'Subscribers (premises) served by the NROs',
    links: 'Redundancy links considered',
    works: 'Desaturation works considered',
  },
  countsHeader: ['', 'count'],
  checksTitle: 'Checks on the data',
  checksLead: 'The tool compares declared totals with the sums of the rows and flags costs per metre far from their table’s. Nothing is corrected: these are to be checked.',
  totalsWarning: (table, field, declared, rowSum, difference) =>
    `The declared total ${FIELDS[field]} of the ${TABLES[table]} (${declared}) does not match the sum of the rows (${rowSum}), a difference of ${difference}: the rows are rounded. The report keeps the rows.`,
  rateWarning: (work, rate, departure, above, tableRate) =>
    `Work ${work} costs ${rate}, ${departure} ${above ? 'more' : 'less'} than its table’s usual cost per metre (${tableRate}): to be checked.`,
  noWarning: 'No mismatch found between the declared totals and the rows.',
  planWarning: (text) => `Note from the programme’s computation: ${text}`,

  nrosTitle: 'NROs not secured',
  nrosLead: (nros, total, subscribers, share) =>
    `${nros} ${pl(nros, 'NRO', 'NROs')} out of ${total} ${pl(nros, 'hangs', 'hang')} on a single collection path. ${pl(nros, 'It serves', 'They serve')} ${subscribers} subscribers, ${share} of the network’s.`,
  nrosNone: 'Every NRO has two collection paths with no section in common.',
  nrosHow:
    'For each one, the table says what it hangs on: the sections and sites whose failure alone cuts it off, the owner of those sections, '
    + 'the outage expected each year, the link of the list that would secure it and the year the programme secures it.',
  nrosCaption: 'NROs on a single collection path, by subscribers',
  nrosHeader: ['NRO', 'subscribers', 'hangs on sections', 'and sites', 'owner', 'expected outage a year', 'links that secure it', 'secured'],
  isolated: 'isolated',
  securedInYear: (year) => `year\u00a0${year}`,
  notInPlan: 'no',
  noLink: 'none',
  sharedRisk: (list) => `Other NROs do have two paths, but through one trench or one structure: a single incident would cut both. This is so for ${list}.`,
  riskGroup: (group) => `shared structure ${group}`,
  more: (count) => `and ${count} more`,

  cutsTitle: 'The worst cuts',
  cutsLead:
    'A cut section (a digger, a fire in a chamber) or a failed site takes out of service every NRO that has no other path. '
    + 'These are the ones that take the most subscribers out of service.',
  sectionCutsCaption: 'Worst section cuts',
  sectionCutsHeader: ['section', 'between', 'owner', 'NROs out of service', 'subscribers out of service'],
  noSectionCut: 'No single section cut takes an NRO out of service.',
  siteCutsCaption: 'Worst site failures (POPs, chambers, junctions)',
  siteCutsHeader: ['site', 'NROs out of service', 'subscribers out of service'],
  ownersTitle: 'Dependence on each conduit owner',
  ownersLead:
    'If every conduit of one owner were lost at once (the operator failing, a dispute, a disaster), this is what the network would lose: '
    + 'the NROs out of service, the paths to be routed elsewhere, the NROs left without a backup and the sections that would become saturated or nearly.',
  ownersChartTitle: 'Subscribers out of service if every conduit of the owner is lost',
  ownersAxis: 'subscribers out of service',
  ownersCaption: 'Dependence on each owner',
  ownersHeader: ['owner', 'sections', 'length', 'NROs out of service', 'subscribers out of service', 'paths rerouted', 'NROs left without backup', 'sections newly saturated', 'saturated sections loaded further'],
  ownersReading: (owner, rerouted, strained) =>
    `Reading: without the ${owner} conduits no NRO is out of service, but ${rerouted} ${pl(rerouted, 'path', 'paths')} must go another way `
    + `and ${strained} ${pl(strained, 'section already saturated or nearly carries', 'sections already saturated or nearly carry')} more.`,

  saturationTitle: 'Saturation of the backbone',
  saturationLead: (saturated, near) =>
    `Every NRO takes fibres on each section of its two paths. Today ${saturated} ${pl(saturated, 'section is', 'sections are')} saturated (the load reaches or exceeds the capacity) `
    + `and ${near} nearly saturated. A saturated section cannot take the collection of a new NRO nor the backup of another.`,
  saturationNone: 'No section is saturated or nearly saturated.',
  saturationChartTitle: 'Load of the saturated and nearly saturated sections, before and after the programme’s works',
  saturationAxis: 'load / capacity',
  before: 'before',
  after: 'after',
  nearLine: 'nearly saturated',
  fullLine: 'saturated',
  saturationCaption: 'Saturated and nearly saturated sections, before and after the works',
  saturationHeader: ['section', 'between', 'owner', 'capacity (fibres)', 'load (fibres)', 'ratio before', 'work', 'ratio after', 'in the programme'],
  noWork: 'none',
  worksTogether: (works, cleared, nros, subscribers) =>
    `Together, the desaturation works of the list (${works}) relieve ${cleared} ${pl(cleared, 'section', 'sections')} and free the paths of ${nros} ${pl(nros, 'NRO', 'NROs')} (${subscribers} subscribers), `
    + 'which then cross no saturated or nearly saturated section.',

  rankingTitle: 'What each work buys',
  linksLead: (links, length, cost) =>
    `The list plans ${links} redundancy ${pl(links, 'link', 'links')} (${length}, ${cost} before tax). Each is assessed alone, added to today’s network: the NROs it secures, `
    + 'the subscribers concerned, the cost per subscriber secured and the subscriber-hours of outage it avoids each year.',
  noLinks: 'The list plans no redundancy link.',
  linksCaption: 'Redundancy links, by priority',
  linksHeader: ['priority', 'link', 'length', 'cost before tax', 'NROs secured', 'subscribers', 'cost per subscriber', 'subscriber-hours avoided a year', 'in the programme'],
  addNothing: (links, many) => `Once the other links are built, ${links} ${many ? 'secure no further NRO: they duplicate' : 'secures no further NRO: it duplicates'} other links.`,
  buysNothing: 'secures nothing',
  worksCaption: 'Desaturation works, by urgency',
  worksHeader: ['urgency', 'work', 'owner', 'cost before tax', 'sections relieved', 'ratio before', 'ratio after', 'in the programme'],
  proposalsTitle: 'Beyond the list',
  proposalsLead: (nros, names) =>
    `Even with every link of the list, ${nros} ${pl(nros, 'NRO would still hang', 'NROs would still hang')} on one path: ${names}. `
    + 'The tool proposes links for them to nearby sites that would give them a second path, estimated from the distance as the crow flies, lengthened for the route, at a flat cost per metre:',
  proposalsNone: 'With every link of the list, each NRO would have two paths: no further link is needed.',
  proposalsCaption: 'Links proposed beyond the list',
  proposalsHeader: ['for NRO', 'to', 'estimated length', 'estimated cost before tax', 'subscribers secured', 'cost per subscriber'],
  headendWorth: (name, hours, linksHours, more) =>
    `The new head-end (${name}) would on its own avoid ${hours} subscriber-hours of outage a year, `
    + `${more ? 'more than' : 'against'} the ${linksHours} of every link of the list together, since it shields every NRO from a failure of today’s only head-end. Its cost is not in the file.`,
  left: 'left out',

  planTitle: 'The programme year by year',
  planNone: 'With no work planned in the file there is no programme: the links proposed above may be added to it to make one.',
  planLead: (budget, years, caps, works, cost, nros, subscribers, cleared) =>
    `With a budget of ${budget} before tax over ${years} ${pl(years, 'year', 'years')} (${caps}), the programme takes ${works} ${pl(works, 'work', 'works')} for ${cost} before tax. `
    + `It secures ${nros} ${pl(nros, 'NRO', 'NROs')} (${subscribers} subscribers) and relieves ${cleared} saturated or nearly saturated ${pl(cleared, 'section', 'sections')}.`,
  capEach: (cap) => `at most ${cap} a year`,
  capList: (caps) => `yearly caps: ${caps}`,
  fundingKey: (shares) => `Every year is funded by the same key: ${shares}.`,
  planChartTitle: 'Spending of each year by funder',
  planAxis: 'euros before tax',
  yearLabel: (year) => `year\u00a0${year}`,
  yearsCaption: 'Spending and funding by year',
  yearsHeader: (sources) => ['year', 'cap', 'spent', ...sources, 'NROs secured at year end', 'subscribers secured'],
  total: 'total',
  worksByYearCaption: 'Works by year',
  worksByYearHeader: ['year', 'work', 'kind', 'priority or urgency', 'cost before tax'],
  kind: (kind) => (kind === 'redundancy link' ? 'redundancy link' : kind === 'desaturation work' ? 'desaturation' : kind),
  notSelectedTitle: 'What is left out, and why',
  notSelectedCaption: 'Works left out',
  notSelectedHeader: ['work', 'kind', 'cost before tax', 'why'],
  reason: (reason, left) => {
    for (const [pattern, say] of REASONS) {
      const m = pattern.exec(reason);
      if (m) return say(m, left);
    }
    return `<span class="data">${reason.replace(/[&<>"]/g, ' ')}</span>`;
  },
  reasonCovered: (nros) => `the NROs it would secure (${nros}) are secured by the links chosen`,
  loadedAt: (section, ratio) => `${section} (loaded at ${ratio})`,
  reasonNoStrain: (sections) => `relieves no saturated or nearly saturated section: ${sections}`,
  unspent: (amount) => `Left of the budget: ${amount}.`,
  planProof: (optimal, milp, gap) =>
    optimal
      ? `This choice is the best possible: no other set of works within the budget does better (${milp ? 'integer linear programming, HiGHS solver' : 'exhaustive search'}; proven gap: ${gap}).`
      : gap === null
        ? 'This choice is good but not proven the best (greedy method).'
        : `This choice is not proven the best: it is at most ${gap} short of the best possible set.`,

  methodTitle: 'Method and assumptions',
  methodSecured:
    'An NRO is <em>secured</em> when it has two paths to a head-end with no section in common: one cut can no longer isolate it. '
    + 'It hangs on a single path when one section cut can part it from every head-end. Two paths through the same site or trench remain exposed to that site or trench failing, which the report points out.',
  methodNetwork: (planned, headends) =>
    planned
      ? `The analysis covers the works in service and the planned ones. Head-ends: ${headends}.`
      : `The analysis covers the works in service; planned works (the new head-end among them) do not count, except as works assessed. Head-ends: ${headends}.`,
  methodSaturation: (fibres, near, saturated) =>
    `Every NRO gets a main path and a backup path to the nearest head-end, sharing no site where possible; each path takes ${fibres} fibres on each of its sections. `
    + `A section’s load is what it already carries plus those fibres; it is nearly saturated from ${near} of its capacity and saturated from ${saturated}. `
    + 'A desaturation work adds the planned capacity to the sections it names; paths do not move.',
  methodRanking:
    'Each work is assessed alone, added to today’s network. A link “buys” the NROs it takes from one path to two; a desaturation work, the sections it brings below the near-saturation threshold '
    + 'and the NROs whose paths then cross no saturated or nearly saturated section.',
  methodPlan:
    'Within the budget, the programme takes the set of works that secures the most subscribers and frees the paths of the most subscribers, then relieves the most sections, then costs the least. '
    + 'Works are assessed together, since two links may secure an NRO only between them. Each year then receives the works by priority, then by return, up to its cap; '
    + 'a link counts as built only in the year it is fully paid. Each year is funded by the funding key, rounded to the euro.',
  methodAvailability: (cuts, repair, siteRate, siteRepair) =>
    `Subscriber-hours of outage come from a failure model: ${cuts} cuts a year per 1,000\u00a0km of conduit, repaired in ${repair} hours; ${siteRate} failure a year per site (POP, NRO, head-end), repaired in ${siteRepair} hours. `
    + 'These are published default values, to be adjusted to the syndicate’s operating records. The figures given count single and double failures exactly.',
  methodLimits:
    'Limits: an NRO whose backup path crosses a saturated section counts as served; losing every conduit of an owner has no frequency in the failure model; '
    + 'costs are the file’s, before tax, not discounted.',

  sourcesTitle: 'Sources of the figures',
  sourcesLead: 'Every figure of the report is read, not recomputed, in the answer of one command of the tool on the same file and with the same options:',
  sourcesHeader: ['part of the report', 'command (JSON answer)'],
  sourcesRows: {
    network: 'The network in figures, checks on the data',
    nros: 'NROs not secured, worst cuts, dependence on owners',
    cuts: 'Loss of an owner’s conduits (paths rerouted, saturation)',
    saturation: 'Saturation of the backbone',
    ranking: 'What each work buys, checks on costs per metre',
    plan: 'The programme year by year',
    outage: 'Expected outage a year, subscriber-hours avoided',
  },
  provenance: 'Provenance of the data, as the file states it:',
  traceNote: 'In this report’s HTML file every figure carries a <code>data-figure</code> attribute saying where it is read in those answers.',
};
