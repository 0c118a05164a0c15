import type { Messages } from './messages.js';

const TABLES = { redundancyLinks: 'liens de redondance', desaturationWorks: 'travaux de désaturation' } as const;
const FIELDS = { lengthM: 'linéaire', costEur: 'coût' } as const;

const REASONS: Array<[RegExp, (m: RegExpExecArray, left: string) => string]> = [
  [/^adds nothing to the selected works$/, () => 'n’ajoute rien aux travaux retenus'],
  [/^does not fit: .* left$/, (_m, left) => `ne tient pas dans le budget restant (${left})`],
  [/^a better use of the budget was found$/, () => 'le budget sert mieux ailleurs'],
  [/^its NROs enter service in (\d+), after the programme \((\d+)\)$/, (m) => `ses NRO n’entrent en service qu’en ${m[1]}, après la fin du programme (${m[2]})`],
];

/** Whether a figure as printed takes the singular in French (0 and 1 do). */
const one = (figure: string) => /^[01]$/.test(figure.replace(/<[^>]*>/g, '').trim());
const pl = (figure: string, singular: string, plural: string) => (one(figure) ? singular : plural);

/** The report in French: the default, written for the elected members of a syndicate's committee. */
export const FR: Messages = {
  lang: 'fr',
  title: 'Sécurisation et désaturation du réseau de collecte',
  subtitle: (network) => `Rapport au comité syndical<br><span class="small">Réseau étudié : « ${network} »</span>`,
  coverNote:
    'Ce document présente l’état du réseau, ses points faibles et le programme de travaux proposé. '
    + 'Tous les chiffres viennent des analyses de l’outil fibre-resilience sur le fichier du réseau ; la dernière partie dit d’où vient chacun.',
  contents: 'Sommaire',

  inBrief: 'L’essentiel',
  keyNetwork: (subscribers, nros, sections, length, owners) =>
    `Le réseau dessert ${subscribers} abonnés par ${nros} NRO, reliés par ${sections} tronçons de fourreaux (${length}) appartenant à ${owners} ${pl(owners, 'propriétaire', 'propriétaires')}.`,
  keyNotSecured: (nros, subscribers, share) =>
    `<strong>${nros} NRO ${pl(nros, 'ne tient', 'ne tiennent')} qu’à un seul chemin de collecte</strong> : une seule coupure prive de service ${pl(nros, 'ses', 'leurs')} ${subscribers} abonnés (${share} du total).`,
  keyAllSecured: 'Tous les NRO ont deux chemins de collecte distincts : aucune coupure isolée ne prive un NRO de service.',
  keyWorstCut: (section, subscribers) => `La coupure la plus grave, celle du tronçon ${section}, prive à elle seule ${subscribers} abonnés de service.`,
  keySaturation: (saturated, near) =>
    `<strong>${saturated} ${pl(saturated, 'tronçon du backbone est saturé', 'tronçons du backbone sont saturés')}</strong> et ${near} presque ${pl(near, 'saturé', 'saturés')}.`,
  keyPlan: (works, cost, years, budget, nros, subscribers, cleared) =>
    `<strong>Le programme proposé retient ${works} ${pl(works, 'opération', 'opérations')} pour ${cost} HT sur ${years} ${pl(years, 'an', 'ans')}</strong> (budget : ${budget}). `
    + `Il sécurise ${nros} NRO (${subscribers} abonnés) et dégage ${cleared} ${pl(cleared, 'tronçon saturé', 'tronçons saturés')} ou presque.`,
  keyLeft: (nros, names, proposed) =>
    `Après le programme, ${nros} NRO ${pl(nros, 'reste', 'restent')} sur un seul chemin : ${names}.${proposed ? ` Des liens nouveaux sont proposés pour ${pl(nros, 'lui', 'eux')} (partie 6).` : ''}`,
  keyNoSaturation: 'Aucun tronçon du backbone n’est saturé ni presque saturé.',
  keyNoWorks: 'Le fichier ne prévoit aucune opération (lien de redondance ou désaturation) : il n’y a pas de programme à proposer.',
  keyNoneLeft: 'Après le programme, plus aucun NRO ne tient à un seul chemin.',
  keyFunding: (split) => `Financement du programme : ${split}.`,
  keyOutage: (hours) => `Aujourd’hui, les pannes attendues représentent environ ${hours} heures de service perdues par abonné cumulées chaque année (heures-abonnés).`,

  networkTitle: 'Le réseau',
  networkLead:
    'La carte montre les tronçons du réseau par propriétaire de fourreaux. Les tronçons saturés ou presque sont en trait épais, ceux qui ne sont qu’en projet en pointillé, '
    + 'les liens de redondance du programme en tirets noirs. Les NRO qui ne tiennent qu’à un seul chemin sont marqués d’un triangle rouge.',
  mapCaption: 'Carte du réseau (tracés en ligne droite entre les sites quand le fichier ne donne pas le tracé).',
  mapLabel: 'Carte du réseau : tronçons par propriétaire, NRO non sécurisés marqués',
  legendOwner: 'Propriétaire',
  legendLine: 'Tronçon',
  legendSite: 'Site',
  lineExisting: 'existant',
  linePlanned: 'en projet',
  lineStrained: 'saturé ou presque',
  lineProgramme: 'lien du programme',
  programmeLinks: 'Liens du programme',
  siteHeadend: 'tête de réseau',
  sitePlanned: 'tête de réseau en projet',
  sitePop: 'POP',
  siteSecured: 'NRO sécurisé',
  siteNotSecured: 'NRO sur un seul chemin',
  countsCaption: 'Le réseau en chiffres',
  countsRows: {
    sites: 'Sites du fichier',
    nros: 'dont NRO',
    headends: 'dont têtes de réseau (existantes et en projet)',
    sections: 'Tronçons du fichier',
    length: 'Linéaire des tronçons du fichier',
    analysed: (sites, sections) => `Réseau analysé (ouvrages existants) : ${sites} sites, ${sections} tronçons`,
    subscribers: 'Abonnés (prises) desservis par les NRO',
    links: 'Liens de redondance envisagés',
    works: 'Travaux de désaturation envisagés',
  },
  countsHeader: ['', 'nombre'],
  checksTitle: 'Contrôle des données',
  checksLead: 'L’outil compare les totaux déclarés aux sommes des lignes et relève les coûts au mètre qui s’écartent de leur tableau. Rien n’est corrigé : c’est à vérifier.',
  totalsWarning: (table, field, declared, rowSum, difference) =>
    `Le ${FIELDS[field]} total déclaré des ${TABLES[table]} (${declared}) ne correspond pas à la somme des lignes (${rowSum}), soit un écart de ${difference} : les lignes sont arrondies. Le rapport retient les lignes.`,
  rateWarning: (work, rate, departure, above, tableRate) =>
    `L’opération ${work} coûte ${rate}, soit ${departure} ${above ? 'de plus' : 'de moins'} que le coût au mètre habituel de son tableau (${tableRate}) : à vérifier.`,
  noWarning: 'Aucune incohérence relevée entre les totaux déclarés et les lignes.',
  planWarning: (text) => `Remarque du calcul du programme (en anglais dans l’outil) : ${text}`,

  nrosTitle: 'Les NRO non sécurisés',
  nrosLead: (nros, total, subscribers, share) =>
    `${nros} NRO sur ${total} ${pl(nros, 'ne tient', 'ne tiennent')} qu’à un seul chemin de collecte. ${pl(nros, 'Il dessert', 'Ils desservent')} ${subscribers} abonnés, soit ${share} des abonnés du réseau.`,
  nrosNone: 'Tous les NRO disposent de deux chemins de collecte sans tronçon commun.',
  nrosHow:
    'Pour chacun, le tableau dit à quoi il tient : les tronçons et les sites dont la seule panne le coupe, le propriétaire de ces tronçons, '
    + 'la durée de coupure attendue chaque année, le lien de la liste qui le sécuriserait et l’année où le programme le sécurise.',
  nrosCaption: 'NRO sur un seul chemin de collecte, par nombre d’abonnés',
  nrosHeader: ['NRO', 'abonnés', 'tient aux tronçons', 'et aux sites', 'propriétaire', 'coupure attendue par an', 'liens qui le sécurisent', 'sécurisé'],
  isolated: 'isolé',
  securedInYear: (year) => `année\u00a0${year}`,
  notInPlan: 'non',
  noLink: 'aucun',
  sharedRisk: (list) => `D’autres NRO ont bien deux chemins, mais qui passent par une même tranchée ou un même ouvrage : un seul incident les couperait tous deux. C’est le cas de ${list}.`,
  riskGroup: (group) => `ouvrage partagé ${group}`,
  more: (count) => `et ${count} autres`,

  cutsTitle: 'Les coupures les plus graves',
  cutsLead:
    'Une coupure de tronçon (un coup de pelle, un incendie de chambre) ou la panne d’un site prive de service tous les NRO qui n’ont pas d’autre chemin. '
    + 'Voici celles qui privent de service le plus d’abonnés.',
  sectionCutsCaption: 'Coupures de tronçon les plus graves',
  sectionCutsHeader: ['tronçon', 'entre', 'propriétaire', 'NRO privés de service', 'abonnés privés de service'],
  noSectionCut: 'Aucune coupure d’un seul tronçon ne prive un NRO de service.',
  siteCutsCaption: 'Pannes de site les plus graves (POP, chambres, jonctions)',
  siteCutsHeader: ['site', 'NRO privés de service', 'abonnés privés de service'],
  ownersTitle: 'La dépendance envers chaque propriétaire de fourreaux',
  ownersLead:
    'Si tous les fourreaux d’un même propriétaire étaient perdus d’un coup (défaillance de l’opérateur, litige, sinistre), voici ce que perdrait le réseau : '
    + 'les NRO privés de service, les chemins à refaire par ailleurs, les NRO qui perdraient leur secours et les tronçons qui deviendraient saturés ou presque.',
  ownersChartTitle: 'Abonnés privés de service si tous les fourreaux du propriétaire sont perdus',
  ownersAxis: 'abonnés privés de service',
  ownersCaption: 'Dépendance envers chaque propriétaire',
  ownersHeader: ['propriétaire', 'tronçons', 'linéaire', 'NRO privés de service', 'abonnés privés de service', 'chemins refaits', 'NRO sans secours', 'tronçons saturés en plus', 'tronçons déjà saturés plus chargés'],
  ownersReading: (owner, rerouted, strained) =>
    `Lecture : sans les fourreaux ${owner}, aucun NRO n’est privé de service, mais ${rerouted} ${pl(rerouted, 'chemin doit', 'chemins doivent')} passer ailleurs `
    + `et ${strained} ${pl(strained, 'tronçon déjà saturé ou presque porte', 'tronçons déjà saturés ou presque portent')} davantage.`,

  saturationTitle: 'La saturation du backbone',
  saturationLead: (saturated, near) =>
    `Chaque NRO consomme des fibres sur tous les tronçons de ses deux chemins. Aujourd’hui ${saturated} ${pl(saturated, 'tronçon est saturé', 'tronçons sont saturés')} (la charge atteint ou dépasse la capacité) `
    + `et ${near} presque ${pl(near, 'saturé', 'saturés')}. Un tronçon saturé ne peut plus accueillir la collecte d’un nouveau NRO ni le secours d’un autre.`,
  saturationNone: 'Aucun tronçon n’est saturé ni presque saturé.',
  saturationChartTitle: 'Taux de charge des tronçons saturés ou presque, avant et après les travaux du programme',
  saturationAxis: 'charge / capacité',
  before: 'avant',
  after: 'après',
  nearLine: 'presque saturé',
  fullLine: 'saturé',
  saturationCaption: 'Tronçons saturés ou presque, avant et après les travaux',
  saturationHeader: ['tronçon', 'entre', 'propriétaire', 'capacité (fibres)', 'charge (fibres)', 'taux avant', 'opération', 'taux après', 'au programme'],
  noWork: 'aucune',
  worksTogether: (works, cleared, nros, subscribers) =>
    `Ensemble, les opérations de désaturation de la liste (${works}) dégagent ${cleared} ${pl(cleared, 'tronçon', 'tronçons')} et libèrent les chemins de ${nros} NRO (${subscribers} abonnés), `
    + 'qui ne passent alors plus par aucun tronçon saturé ou presque.',

  rankingTitle: 'Ce que rapporte chaque opération',
  linksLead: (links, length, cost) =>
    `La liste prévoit ${links} ${pl(links, 'lien', 'liens')} de redondance (${length}, ${cost} HT). Chacun est évalué seul, en l’ajoutant au réseau actuel : les NRO qu’il sécurise, `
    + 'les abonnés concernés, le coût par abonné sécurisé et les heures-abonnés de panne qu’il évite chaque année.',
  noLinks: 'La liste ne prévoit aucun lien de redondance.',
  linksCaption: 'Liens de redondance, par priorité',
  linksHeader: ['priorité', 'lien', 'linéaire', 'coût HT', 'NRO sécurisés', 'abonnés', 'coût par abonné', 'heures-abonnés évitées par an', 'au programme'],
  addNothing: (links, many) =>
    `Une fois les autres liens faits, ${links} ${many ? 'ne sécurisent plus aucun NRO de plus : ils doublent' : 'ne sécurise plus aucun NRO de plus : il double'} d’autres liens.`,
  buysNothing: 'ne sécurise rien',
  worksCaption: 'Travaux de désaturation, par urgence',
  worksHeader: ['urgence', 'opération', 'propriétaire', 'coût HT', 'tronçons dégagés', 'taux avant', 'taux après', 'au programme'],
  proposalsTitle: 'Au-delà de la liste',
  proposalsLead: (nros, names) =>
    `Même avec tous les liens de la liste, ${nros} NRO ${pl(nros, 'resterait', 'resteraient')} sur un seul chemin : ${names}. `
    + 'L’outil propose pour eux des liens vers les sites voisins qui leur donneraient un second chemin, estimés d’après la distance à vol d’oiseau, allongée pour le tracé, à un coût au mètre forfaitaire :',
  proposalsNone: 'Avec tous les liens de la liste, chaque NRO aurait deux chemins : aucun lien supplémentaire n’est nécessaire.',
  proposalsCaption: 'Liens proposés en plus de la liste',
  proposalsHeader: ['pour le NRO', 'vers', 'linéaire estimé', 'coût estimé HT', 'abonnés sécurisés', 'coût par abonné'],
  headendWorth: (name, hours, linksHours, more) =>
    `La nouvelle tête de réseau (${name}) éviterait à elle seule ${hours} heures-abonnés de panne par an, `
    + `${more ? 'plus que' : 'à comparer aux'} ${linksHours} de tous les liens de la liste réunis, car elle protège chaque NRO de la panne de l’unique tête actuelle. Son coût n’est pas dans le fichier.`,
  left: 'écarté',

  planTitle: 'Le programme année par année',
  planNone: 'Sans opération envisagée dans le fichier, il n’y a pas de programme : les liens proposés plus haut peuvent y être ajoutés pour en établir un.',
  planLead: (budget, years, caps, works, cost, nros, subscribers, cleared) =>
    `Avec un budget de ${budget} HT sur ${years} ${pl(years, 'an', 'ans')} (${caps}), le programme retient ${works} ${pl(works, 'opération', 'opérations')} pour ${cost} HT. `
    + `Il sécurise ${nros} NRO (${subscribers} abonnés) et dégage ${cleared} ${pl(cleared, 'tronçon saturé', 'tronçons saturés')} ou presque.`,
  capEach: (cap) => `au plus ${cap} par an`,
  capList: (caps) => `plafonds annuels : ${caps}`,
  fundingKey: (shares) => `Chaque année est financée selon la même clé : ${shares}.`,
  planChartTitle: 'Dépenses de chaque année par financeur',
  planAxis: 'euros HT',
  yearLabel: (year) => `année\u00a0${year}`,
  yearsCaption: 'Dépenses et financement par année',
  yearsHeader: (sources) => ['année', 'plafond', 'dépense', ...sources, 'NRO sécurisés en fin d’année', 'abonnés sécurisés'],
  total: 'total',
  worksByYearCaption: 'Opérations par année',
  worksByYearHeader: ['année', 'opération', 'nature', 'priorité ou urgence', 'coût HT'],
  kind: (kind) => (kind === 'redundancy link' ? 'lien de redondance' : kind === 'desaturation work' ? 'désaturation' : kind),
  notSelectedTitle: 'Ce qui est écarté, et pourquoi',
  notSelectedCaption: 'Opérations écartées',
  notSelectedHeader: ['opération', 'nature', 'coût HT', 'pourquoi'],
  reason: (reason, left) => {
    for (const [pattern, say] of REASONS) {
      const m = pattern.exec(reason);
      if (m) return say(m, left);
    }
    return `<span class="data">${reason.replace(/[&<>"]/g, ' ')}</span>`;
  },
  reasonCovered: (nros) => `les NRO qu’il sécuriserait (${nros}) le sont déjà par les liens retenus`,
  loadedAt: (section, ratio) => `${section} (chargé à ${ratio})`,
  reasonNoStrain: (sections) => `ne dégage aucun tronçon saturé ou presque : ${sections}`,
  unspent: (amount) => `Restent disponibles sur le budget : ${amount}.`,
  planProof: (optimal, milp, gap) =>
    optimal
      ? `Ce choix est le meilleur possible : aucune autre combinaison d’opérations tenant dans le budget ne fait mieux (${milp ? 'programmation linéaire en nombres entiers, solveur HiGHS' : 'recherche exhaustive'} ; écart prouvé : ${gap}).`
      : gap === null
        ? 'Ce choix est bon mais n’est pas prouvé le meilleur (méthode gloutonne).'
        : `Ce choix n’est pas prouvé le meilleur : il est au plus à ${gap} de la meilleure combinaison possible.`,

  methodTitle: 'Méthode et hypothèses',
  methodSecured:
    'Un NRO est <em>sécurisé</em> quand il dispose de deux chemins vers une tête de réseau qui n’ont aucun tronçon en commun : une coupure ne suffit plus à l’isoler. '
    + 'Il ne tient qu’à un seul chemin quand une seule coupure de tronçon peut le séparer de toutes les têtes de réseau. Deux chemins qui passent par un même site ou une même tranchée restent exposés à la panne de ce site ou de cette tranchée, ce que le rapport signale.',
  methodNetwork: (planned, headends) =>
    planned
      ? `Sont analysés les ouvrages existants et ceux en projet. Têtes de réseau : ${headends}.`
      : `Sont analysés les ouvrages existants ; les ouvrages en projet (dont la nouvelle tête de réseau) ne comptent pas, sauf comme opérations évaluées. Têtes de réseau : ${headends}.`,
  methodSaturation: (fibres, near, saturated) =>
    `Chaque NRO reçoit un chemin principal et un chemin de secours vers la tête de réseau la plus proche, sans site commun quand c’est possible ; chaque chemin prend ${fibres} fibres sur chacun de ses tronçons. `
    + `La charge d’un tronçon est ce qu’il porte déjà plus ces fibres ; il est presque saturé à partir de ${near} de sa capacité et saturé à partir de ${saturated}. `
    + 'Une opération de désaturation ajoute la capacité prévue aux tronçons qu’elle nomme ; les chemins ne changent pas.',
  methodRanking:
    'Chaque opération est évaluée seule, ajoutée au réseau actuel. Un lien « rapporte » les NRO qu’il fait passer d’un à deux chemins ; une désaturation, les tronçons qu’elle fait passer sous le seuil de presque saturation '
    + 'et les NRO dont les chemins ne traversent alors plus aucun tronçon saturé ou presque.',
  methodPlan:
    'Le programme retient, dans le budget, la combinaison d’opérations qui sécurise le plus d’abonnés et libère les chemins du plus grand nombre d’abonnés, puis qui dégage le plus de tronçons, puis qui coûte le moins. '
    + 'Les opérations sont évaluées ensemble, car deux liens peuvent ne sécuriser un NRO qu’à eux deux. Chaque année reçoit ensuite les opérations par ordre de priorité, puis de rendement, dans la limite de son plafond ; '
    + 'un lien ne compte comme fait que l’année où il est entièrement payé. Chaque année est financée selon la clé de financement, arrondie à l’euro.',
  methodAvailability: (cuts, repair, siteRate, siteRepair) =>
    `Les heures-abonnés de panne viennent d’un modèle de pannes : ${cuts} coupures par an pour 1\u202f000\u00a0km de fourreau, réparées en ${repair} heures ; ${siteRate} panne par an et par site (POP, NRO, tête de réseau), réparée en ${siteRepair} heures. `
    + 'Ce sont des valeurs publiées par défaut, à ajuster aux relevés d’exploitation du syndicat. Les chiffres retenus sont ceux des pannes simples et doubles comptées exactement.',
  methodLimits:
    'Limites : un NRO dont le chemin de secours passe par un tronçon saturé est compté comme desservi ; la perte de tous les fourreaux d’un propriétaire n’a pas de fréquence dans le modèle de pannes ; '
    + 'les coûts sont ceux du fichier, hors taxes, sans actualisation.',

  sourcesTitle: 'Sources des chiffres',
  sourcesLead: 'Chaque chiffre du rapport est lu, sans recalcul, dans la réponse d’une commande de l’outil sur le même fichier et avec les mêmes options :',
  sourcesHeader: ['partie du rapport', 'commande (réponse JSON)'],
  sourcesRows: {
    network: 'Le réseau en chiffres, contrôle des données',
    nros: 'NRO non sécurisés, coupures les plus graves, dépendance envers les propriétaires',
    cuts: 'Perte des fourreaux d’un propriétaire (chemins refaits, saturation)',
    saturation: 'Saturation du backbone',
    ranking: 'Ce que rapporte chaque opération, contrôle des coûts au mètre',
    plan: 'Le programme année par année',
    outage: 'Coupure attendue par an, heures-abonnés évitées',
  },
  provenance: 'Provenance des données, telle que le fichier la déclare (en anglais dans le fichier) :',
  traceNote: 'Dans le fichier HTML de ce rapport, chaque chiffre porte l’attribut <code>data-figure</code>, qui dit où le lire dans ces réponses.',
};
