import type { ReportLang } from './figures.js';
import type { Html } from './html.js';

/**
 * Every word of the report, one table per language. Arguments are HTML already made (figures
 * marked with where they were read, names escaped); what a function returns is HTML.
 */
export interface Messages {
  lang: ReportLang;
  title: string;
  subtitle: (network: Html) => Html;
  coverNote: Html;
  contents: string;

  // Key figures
  inBrief: string;
  keyNetwork: (subscribers: Html, nros: Html, sections: Html, length: Html, owners: Html) => Html;
  keyNotSecured: (nros: Html, subscribers: Html, share: Html) => Html;
  keyAllSecured: Html;
  keyWorstCut: (section: Html, subscribers: Html) => Html;
  keySaturation: (saturated: Html, near: Html) => Html;
  keyPlan: (works: Html, cost: Html, years: Html, budget: Html, nros: Html, subscribers: Html, cleared: Html) => Html;
  keyLeft: (nros: Html, names: Html, proposed: boolean) => Html;
  keyNoSaturation: Html;
  keyNoWorks: Html;
  keyNoneLeft: Html;
  keyFunding: (split: Html) => Html;
  keyOutage: (hours: Html) => Html;

  // The network
  networkTitle: string;
  networkLead: Html;
  mapCaption: Html;
  mapLabel: string;
  legendOwner: string;
  legendLine: string;
  legendSite: string;
  lineExisting: string;
  linePlanned: string;
  lineStrained: string;
  lineProgramme: string;
  programmeLinks: string;
  siteHeadend: string;
  sitePlanned: string;
  sitePop: string;
  siteSecured: string;
  siteNotSecured: string;
  countsCaption: string;
  countsRows: { sites: string; nros: string; headends: string; sections: string; length: string; analysed: (sites: Html, sections: Html) => Html; subscribers: string; links: string; works: string };
  countsHeader: [string, string];
  checksTitle: string;
  checksLead: Html;
  totalsWarning: (table: 'redundancyLinks' | 'desaturationWorks', field: 'lengthM' | 'costEur', declared: Html, rowSum: Html, difference: Html) => Html;
  rateWarning: (work: Html, rate: Html, departure: Html, above: boolean, tableRate: Html) => Html;
  noWarning: Html;
  planWarning: (text: Html) => Html;

  // NROs not secured
  nrosTitle: string;
  nrosLead: (nros: Html, total: Html, subscribers: Html, share: Html) => Html;
  nrosNone: Html;
  nrosHow: Html;
  nrosCaption: string;
  nrosHeader: string[];
  isolated: string;
  securedInYear: (year: Html) => Html;
  notInPlan: string;
  noLink: string;
  sharedRisk: (list: Html) => Html;
  riskGroup: (group: Html) => Html;
  more: (count: Html) => Html;

  // Cuts and owners
  cutsTitle: string;
  cutsLead: Html;
  sectionCutsCaption: string;
  sectionCutsHeader: string[];
  noSectionCut: Html;
  siteCutsCaption: string;
  siteCutsHeader: string[];
  ownersTitle: string;
  ownersLead: Html;
  ownersChartTitle: string;
  ownersAxis: string;
  ownersCaption: string;
  ownersHeader: string[];
  ownersReading: (owner: Html, rerouted: Html, strained: Html) => Html;

  // Saturation
  saturationTitle: string;
  saturationLead: (saturated: Html, near: Html) => Html;
  saturationNone: Html;
  saturationChartTitle: string;
  saturationAxis: string;
  before: string;
  after: string;
  nearLine: string;
  fullLine: string;
  saturationCaption: string;
  saturationHeader: string[];
  noWork: string;
  worksTogether: (works: Html, cleared: Html, nros: Html, subscribers: Html) => Html;

  // Ranking
  rankingTitle: string;
  linksLead: (links: Html, length: Html, cost: Html) => Html;
  noLinks: Html;
  linksCaption: string;
  linksHeader: string[];
  addNothing: (links: Html, many: boolean) => Html;
  buysNothing: string;
  worksCaption: string;
  worksHeader: string[];
  proposalsTitle: string;
  proposalsLead: (nros: Html, names: Html) => Html;
  proposalsNone: Html;
  proposalsCaption: string;
  proposalsHeader: string[];
  headendWorth: (name: Html, hours: Html, linksHours: Html, more: boolean) => Html;
  left: string;

  // Plan
  planTitle: string;
  planNone: Html;
  planLead: (budget: Html, years: Html, caps: Html, works: Html, cost: Html, nros: Html, subscribers: Html, cleared: Html) => Html;
  capEach: (cap: Html) => Html;
  capList: (caps: Html) => Html;
  fundingKey: (shares: Html) => Html;
  planChartTitle: string;
  planAxis: string;
  yearLabel: (year: Html) => Html;
  yearsCaption: string;
  yearsHeader: (sources: Html[]) => string[];
  total: string;
  worksByYearCaption: string;
  worksByYearHeader: string[];
  kind: (kind: string) => string;
  notSelectedTitle: string;
  notSelectedCaption: string;
  notSelectedHeader: string[];
  reason: (reason: string, left: Html) => Html;
  reasonCovered: (nros: Html) => Html;
  loadedAt: (section: Html, ratio: Html) => Html;
  reasonNoStrain: (sections: Html) => Html;
  unspent: (amount: Html) => Html;
  planProof: (optimal: boolean, milp: boolean, gap: Html | null) => Html;

  // Method
  methodTitle: string;
  methodSecured: Html;
  methodNetwork: (planned: boolean, headends: Html) => Html;
  methodSaturation: (fibres: Html, near: Html, saturated: Html) => Html;
  methodRanking: Html;
  methodPlan: Html;
  methodAvailability: (cuts: Html, repair: Html, siteRate: Html, siteRepair: Html) => Html;
  methodLimits: Html;

  // Sources
  sourcesTitle: string;
  sourcesLead: Html;
  sourcesHeader: [string, string];
  sourcesRows: { network: string; nros: string; cuts: string; saturation: string; ranking: string; plan: string; outage: string };
  provenance: Html;
  traceNote: Html;
}
