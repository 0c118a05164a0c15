#!/usr/bin/env python3
"""Build topology/somme.json: an illustrative model of the Somme Numérique backbone.

The model is written in the `fibre-topology/1` format (docs/format.md).  What comes
from the seed (the 2020 France Relance application of Somme Numérique, fiche A.2 and its
annex) and what is a modelling assumption is listed in topology/somme.PROVENANCE.md.

Usage:
    python3 scripts/somme/build_somme.py [--seed-dir DIR] [--output FILE] [--quiet]

* Deterministic: no randomness, no clock, no set iteration without sorting; pseudo-random
  figures (detour factors, fibre usage) are derived from a SHA-256 of the section id.
* Building uses the standard library only.  The result is then verified with NetworkX
  (required): validity per docs/format.md, the resilience story of the seed (which NROs
  are single-homed before and after each redundancy link, docs/analysis.md semantics), and
  the load of the desaturated sections under a shortest-pair routing with the engine's
  default load model (docs/analysis.md, "Saturation": urgency-1 sections saturated, the others near).
  Any requirement that does not hold stops the script with exit code 1 and nothing written.
* --seed-dir DIR (e.g. /work/shared/seed): cross-check the embedded seed tables against
  DIR/redundancy_links.csv, DIR/desaturation_works.csv and DIR/declared_totals.csv.
"""

import argparse
import csv
import hashlib
import json
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_OUTPUT = os.path.join(ROOT, "topology", "somme.json")

FORMAT = "fibre-topology/1"
NAME = "Somme Numérique backbone (illustrative)"
DESCRIPTION = (
    "Illustrative model of the Somme Numérique public-initiative fibre network (head-ends, "
    "POPs, NROs and backbone conduit sections by owner) built around the redundancy links "
    "and backbone desaturation works of the syndicate's 2020 France Relance application."
)
PROVENANCE = (
    "From the seed (Somme Numérique, France Relance application 2020, fiche A.2 annex, as "
    "transcribed in redundancy_links.csv, desaturation_works.csv and declared_totals.csv): "
    "the 14 redundancy links (priority, NRO codes, length, cost € HT) and the 11 desaturation "
    "works (urgency, section label, conduit owner, length, cost € HT) exactly as printed, the "
    "declared totals (131 618 m / 3 290 450 € and 51 650 m / 594 500 €, which differ from the "
    "row sums) and the existence of a new head-end at the operator's seat. "
    "Modelling assumptions, for illustration only: the commune each NRO code stands for, "
    "every site beyond the 25 seed codes (head-ends at Amiens and Dury, POPs, junctions, 38 "
    "further NROs), the backbone topology and the owner of every section outside the 11 "
    "desaturated corridors, subscriber counts, section lengths (straight line × 1.2–1.4, except "
    "the desaturated sections whose lengths add up to the seed's), fibre capacities and usage "
    "(the usage of each desaturated section is set so that, with the engine's default load model "
    "of 2 fibres per collection route, urgency-1 sections are saturated and the others near "
    "saturation, as the seed describes them), "
    "the added capacity of each work, coordinates (approximate commune centres, corridor "
    "junctions placed within the commune) and risk groups. "
    "Details and confidence levels: topology/somme.PROVENANCE.md."
)

# --------------------------------------------------------------------------- the seed
# Transcribed from the seed tables, in table order; every figure as printed.

REDUNDANCY_LINKS = [  # priority, NRO A, NRO B, length (ml), cost (€ HT)
    (1, "CAY", "FCT", 15011, 375265),
    (1, "VIG", "VIB", 11268, 281710),
    (1, "COB", "FIN", 8935, 223375),
    (1, "ESM", "ESD", 15077, 376915),
    (1, "ESM", "CRO", 2879, 71968),
    (1, "HAM", "CRO", 2995, 74883),
    (1, "BEH", "RIA", 8193, 204820),
    (2, "QPT", "VRO", 20142, 503553),
    (2, "BOU", "ROY", 6380, 159500),
    (3, "B6T", "P6R", 10399, 259985),
    (3, "ROI", "FIN", 4615, 115363),
    (3, "LIG", "POI", 10393, 259820),
    (3, "VRB", "COR", 3672, 91795),
    (4, "MOY", "FEQ", 11660, 291500),
]

DESATURATION_WORKS = [  # urgency, section label, conduit owner, length (ml), cost (€ HT)
    (1, "Feuquieres à Bouvaincourt", "Global Crossing", 7800, 156000),
    (1, "Boismont à St Valéry sur Somme", "SMSN", 3600, 36000),
    (2, "Pont-Remy à Cocquerel", "Viatel", 3600, 36000),
    (2, "Condé-Folie à Yzeux", "Viatel", 5550, 55500),
    (2, "Picquigny à Tirancourt", "Viatel", 1900, 19000),
    (1, "Sailly le Sec à Bray sur Somme", "Level 3", 10000, 100000),
    (1, "Meaulte à Albert", "Level 3", 3400, 34000),
    (3, "Albert jusqu'au NRO", "divers", 1000, 10000),
    (2, "Péronne à Feuillères", "SMSN", 7300, 73000),
    (1, "Eterpigny à Péronne", "SMSN", 2000, 20000),
    (1, "Ham à Douilly", "SMSN", 5500, 55000),
]

# Modelling assumption: fibres each work adds to every section it relieves.
ADDED_CAPACITY = {
    "D-01": 288, "D-02": 144, "D-03": 288, "D-04": 288, "D-05": 288, "D-06": 288,
    "D-07": 288, "D-08": 144, "D-09": 144, "D-10": 288, "D-11": 144,
}

DECLARED_TOTALS = {
    "redundancyLinks": {"lengthM": 131618, "costEur": 3290450},
    "desaturationWorks": {"lengthM": 51650, "costEur": 594500},
}
LINK_OWNER = "SMSN"

# --------------------------------------------------------------------------- sites
# (id, kind, name, lon, lat, subscribers or None, status)
# Coordinates: approximate commune centres (WGS 84, 4 decimals); where a POP and an NRO
# share a town they are a few hundred metres apart; corridor junctions sit on the corridor
# within their commune (see PROVENANCE.md).

E, P = "existing", "planned"

HEADENDS = [
    ("HE-AMIENS", "headend", "Amiens (tête de réseau)", 2.2958, 49.8942, None, E),
    ("HE-SMSN", "headend", "Dury (siège de Somme Numérique, nouvelle tête de réseau)",
     2.2700, 49.8480, None, P),
]

POPS = [
    ("POP-ABBEVILLE", "pop", "Abbeville", 1.8333, 50.1054, None, E),
    ("POP-ALBERT", "pop", "Albert", 2.6517, 50.0022, None, E),
    ("POP-PERONNE", "pop", "Péronne", 2.9320, 49.9180, None, E),
    ("POP-DOULLENS", "pop", "Doullens", 2.3411, 50.1558, None, E),
    ("POP-MONTDIDIER", "pop", "Montdidier", 2.5697, 49.6481, None, E),
    ("POP-HAM", "pop", "Ham", 3.0733, 49.7469, None, E),
    ("POP-FRIVILLE", "pop", "Friville-Escarbotin", 1.5456, 50.0864, None, E),
    ("POP-ROYE", "pop", "Roye", 2.7903, 49.6997, None, E),
    ("POP-SAINT-VALERY", "pop", "Saint-Valery-sur-Somme", 1.6400, 50.1820, None, E),
    ("POP-RUE", "pop", "Rue", 1.6694, 50.2722, None, E),
    ("POP-CORBIE", "pop", "Corbie", 2.5075, 49.9086, None, E),
    ("POP-MOREUIL", "pop", "Moreuil", 2.4833, 49.7747, None, E),
    ("POP-POIX", "pop", "Poix-de-Picardie", 1.9778, 49.7775, None, E),
    ("POP-OISEMONT", "pop", "Oisemont", 1.7675, 49.9556, None, E),
    ("POP-NESLE", "pop", "Nesle", 2.9050, 49.7610, None, E),
    ("POP-CHAULNES", "pop", "Chaulnes", 2.8003, 49.8153, None, E),
]

JUNCTIONS = [
    ("J-AILLY-SUR-SOMME", "junction", "Ailly-sur-Somme (chambre Viatel)", 2.2000, 49.9281, None, E),
    ("J-TIRANCOURT", "junction", "La Chaussée-Tirancourt (chambre Viatel)", 2.1600, 49.9530, None, E),
    ("J-PICQUIGNY", "junction", "Picquigny (chambre Viatel)", 2.1436, 49.9444, None, E),
    ("J-YZEUX", "junction", "Yzeux (chambre Viatel)", 2.0950, 49.9780, None, E),
    ("J-HANGEST", "junction", "Hangest-sur-Somme (chambre Viatel)", 2.0650, 49.9850, None, E),
    ("J-CONDE-FOLIE", "junction", "Condé-Folie (chambre Viatel)", 2.0400, 49.9990, None, E),
    ("J-LONGPRE", "junction", "Longpré-les-Corps-Saints (chambre Viatel)", 2.0117, 50.0128, None, E),
    ("J-COCQUEREL", "junction", "Cocquerel (chambre Viatel)", 1.9480, 50.0440, None, E),
    ("J-PONT-REMY", "junction", "Pont-Remy (chambre Viatel)", 1.9100, 50.0547, None, E),
    ("J-BOISMONT", "junction", "Boismont", 1.6700, 50.1630, None, E),
    ("J-NOYELLES", "junction", "Noyelles-sur-Mer", 1.7097, 50.1844, None, E),
    ("J-NOUVION", "junction", "Nouvion (chambre A16)", 1.7828, 50.2117, None, E),
    ("J-FEUQUIERES", "junction", "Feuquières-en-Vimeu (chambre Global Crossing)", 1.5850, 50.0560, None, E),
    ("J-BOUVAINCOURT", "junction", "Bouvaincourt-sur-Bresle (chambre Global Crossing)", 1.5050, 50.0300, None, E),
    ("J-CAMON", "junction", "Camon (chambre Level 3)", 2.3436, 49.8894, None, E),
    ("J-SAILLY-LE-SEC", "junction", "Sailly-le-Sec (chambre Level 3)", 2.5950, 49.9200, None, E),
    ("J-BRAY", "junction", "Bray-sur-Somme (chambre Level 3)", 2.7200, 49.9380, None, E),
    ("J-MEAULTE", "junction", "Méaulte (chambre Level 3)", 2.6608, 49.9817, None, E),
    ("J-QUERRIEU", "junction", "Querrieu", 2.4306, 49.9397, None, E),
    ("J-FEUILLERES", "junction", "Feuillères", 2.8458, 49.9456, None, E),
    ("J-ETERPIGNY", "junction", "Eterpigny", 2.9270, 49.9030, None, E),
    ("J-BRIE", "junction", "Brie", 2.9310, 49.8730, None, E),
    ("J-ATHIES", "junction", "Athies", 2.9810, 49.8540, None, E),
    ("J-DOUILLY", "junction", "Douilly", 3.0610, 49.7890, None, E),
    ("J-LONGUEAU", "junction", "Longueau", 2.3586, 49.8722, None, E),
    ("J-SALEUX", "junction", "Saleux (chambre A29)", 2.2364, 49.8578, None, E),
    ("J-HARBONNIERES", "junction", "Harbonnières (chambre A29)", 2.6600, 49.8600, None, E),
    ("J-ASSEVILLERS", "junction", "Assevillers (échangeur A1/A29)", 2.8375, 49.8986, None, E),
    ("J-TALMAS", "junction", "Talmas", 2.3261, 50.0322, None, E),
    ("J-VAUX", "junction", "Vaux-en-Amiénois (chambre A16)", 2.2494, 49.9650, None, E),
    ("J-FLIXECOURT", "junction", "Flixecourt / Bettencourt-Saint-Ouen (chambre A16, sortie 21)", 2.0950, 50.0300, None, E),
    ("J-AILLY-HAUT-CLOCHER", "junction", "Ailly-le-Haut-Clocher (chambre A16)", 2.0100, 50.0700, None, E),
]

# The 25 NRO codes of the redundancy table: code -> (commune, lon, lat, subscribers,
# confidence of the identification).  See PROVENANCE.md for the reasoning.
SEED_NROS = [
    ("CAY", "Cayeux-sur-Mer", 1.4933, 50.1822, 3200, "high"),
    ("FCT", "Friville-Escarbotin", 1.5380, 50.0890, 3600, "high"),
    ("VIG", "Vignacourt", 2.1972, 50.0119, 1900, "high"),
    ("VIB", "Villers-Bocage", 2.3264, 50.0011, 1500, "medium"),
    ("COB", "Combles", 2.8661, 50.0100, 1100, "low"),
    ("FIN", "Fins", 3.0428, 50.0356, 900, "medium"),
    ("ESM", "Estrées-Mons", 3.0075, 49.8789, 1000, "medium"),
    ("ESD", "Estrées-Deniécourt", 2.8272, 49.8814, 1200, "low"),
    ("CRO", "Croix-Moligneaux", 3.0042, 49.8158, 800, "low"),
    ("HAM", "Ham", 3.0650, 49.7500, 3400, "high"),
    ("BEH", "Béhencourt", 2.4536, 49.9756, 700, "low"),
    ("RIA", "Ribemont-sur-Ancre", 2.5650, 49.9597, 1000, "low"),
    ("QPT", "Quend-Plage", 1.5600, 50.3300, 2600, "medium"),
    ("VRO", "Vron", 1.7567, 50.3178, 900, "high"),
    ("BOU", "Bouchoir", 2.6744, 49.7492, 800, "low"),
    ("ROY", "Roye", 2.7850, 49.6960, 3500, "high"),
    ("B6T", "Bettencourt-Saint-Ouen", 2.1122, 50.0264, 1100, "very low"),
    ("P6R", "Pernois", 2.1853, 50.0531, 900, "very low"),
    ("ROI", "Roisel", 3.0994, 49.9478, 1500, "medium"),
    ("LIG", "Lignières-Châtelain", 1.8636, 49.7756, 700, "medium"),
    ("POI", "Poix-de-Picardie", 1.9830, 49.7800, 2200, "high"),
    ("VRB", "Villers-Bretonneux", 2.5175, 49.8686, 2600, "medium"),
    ("COR", "Corbie", 2.5020, 49.9060, 4200, "medium"),
    ("MOY", "Moyenneville", 1.7528, 50.0706, 1000, "medium"),
    ("FEQ", "Feuquières-en-Vimeu", 1.6000, 50.0620, 2400, "high"),
]

# Further NROs (codes invented for the model, none collides with a seed code).
EXTRA_NROS = [
    ("ABV", "Abbeville", 1.8200, 50.1030, 9800),
    ("SVY", "Saint-Valery-sur-Somme", 1.6250, 50.1880, 2400),
    ("LCR", "Le Crotoy", 1.6250, 50.2153, 2900),
    ("RUE", "Rue", 1.6620, 50.2700, 2200),
    ("FTM", "Fort-Mahon-Plage", 1.5711, 50.3394, 4500),
    ("CRE", "Crécy-en-Ponthieu", 1.8811, 50.2517, 1300),
    ("SBL", "Saint-Blimont", 1.5672, 50.1231, 1400),
    ("AUL", "Ault", 1.4497, 50.1022, 2800),
    ("MER", "Mers-les-Bains", 1.3878, 50.0653, 3300),
    ("GAM", "Gamaches", 1.5553, 49.9864, 1900),
    ("BTC", "Bouttencourt", 1.6353, 49.9389, 1000),
    ("OIS", "Oisemont", 1.7620, 49.9530, 1200),
    ("HAL", "Hallencourt", 1.8772, 49.9914, 1300),
    ("AIR", "Airaines", 1.9428, 49.9661, 1500),
    ("LPR", "Longpré-les-Corps-Saints", 2.0050, 50.0110, 1500),
    ("HOR", "Hornoy-le-Bourg", 1.9047, 49.8478, 1100),
    ("CON", "Conty", 2.1514, 49.7406, 1400),
    ("AIN", "Ailly-sur-Noye", 2.3650, 49.7567, 1500),
    ("MOR", "Moreuil", 2.4900, 49.7720, 2600),
    ("MRC", "Marcelcave", 2.5728, 49.8497, 1000),
    ("MDR", "Montdidier", 2.5750, 49.6500, 3900),
    ("NES", "Nesle", 2.9119, 49.7589, 1800),
    ("CHS", "Chaulnes", 2.8060, 49.8170, 1200),
    ("ROS", "Rosières-en-Santerre", 2.7003, 49.8153, 1700),
    ("HAR", "Harbonnières", 2.6683, 49.8492, 900),
    ("PRN", "Péronne", 2.9350, 49.9320, 5200),
    ("NRL", "Nurlu", 3.0169, 49.9983, 700),
    ("BRA", "Bray-sur-Somme", 2.7333, 49.9408, 1100),
    ("ALB", "Albert (NRO d'Albert)", 2.6430, 50.0080, 6400),
    ("ACH", "Acheux-en-Amiénois", 2.5342, 50.0725, 1100),
    ("DLS", "Doullens", 2.3350, 50.1530, 4200),
    ("BVL", "Beauval", 2.3336, 50.1056, 1300),
    ("BNV", "Bernaville", 2.1642, 50.1328, 1000),
    ("DOM", "Domart-en-Ponthieu", 2.1258, 50.0744, 1000),
    ("SRQ", "Saint-Riquier", 1.9464, 50.1328, 1200),
    ("AHC", "Ailly-le-Haut-Clocher", 1.9978, 50.0819, 900),
    ("FLX", "Flixecourt", 2.0800, 50.0150, 2600),
    ("PIC", "Picquigny", 2.1400, 49.9460, 1300),
]

# --------------------------------------------------------------------------- sections
# (from, to, owner, class, options).  Classes set capacity and usage (modelling
# assumption):  LDH/LD long-distance conduit rented from a carrier, at the head-end /
# elsewhere; BBH/BBT/BB SMSN backbone at the head-end / inter-POP trunk / elsewhere;
# AC NRO collection spur;
# DV "divers" (municipal or third-party conduit); DS desaturated section (capacity and
# usage given explicitly).  Options: work (desaturation work id), length (fixed, metres),
# cap, used, risk (risk groups), status.

CLASSES = {  # capacity, usage ratio range
    "LDH": (432, 0.22, 0.36),
    "LD": (288, 0.22, 0.40),
    "BBH": (288, 0.20, 0.34),
    "BBT": (288, 0.20, 0.40),
    "BB": (144, 0.20, 0.45),
    "AC": (72, 0.15, 0.40),
    "DV": (48, 0.25, 0.45),
}

V, L3, GC, SM, DI = "Viatel", "Level 3", "Global Crossing", "SMSN", "divers"
RG_AMIENS = "duct-amiens-ouest"
RG_ABB = "bridge-somme-abbeville"
RG_FRIV = "trench-friville-d925"
RG_HAM = "canal-somme-ham"

SECTIONS = [
    # Viatel, Somme valley downstream (Amiens -> Abbeville, along the railway)
    ("HE-AMIENS", "J-AILLY-SUR-SOMME", V, "LDH", {"risk": [RG_AMIENS]}),
    ("J-AILLY-SUR-SOMME", "J-TIRANCOURT", V, "LD", {}),
    ("J-PICQUIGNY", "J-TIRANCOURT", V, "DS", {"work": "D-05", "length": 1900, "cap": 144, "used": 76}),
    ("J-PICQUIGNY", "J-YZEUX", V, "LD", {}),
    ("J-CONDE-FOLIE", "J-HANGEST", V, "DS", {"work": "D-04", "length": 2900, "cap": 144, "used": 80}),
    ("J-HANGEST", "J-YZEUX", V, "DS", {"work": "D-04", "length": 2650, "cap": 144, "used": 78}),
    ("J-CONDE-FOLIE", "J-LONGPRE", V, "LD", {}),
    ("J-LONGPRE", "J-COCQUEREL", V, "LD", {}),
    ("J-PONT-REMY", "J-COCQUEREL", V, "DS", {"work": "D-03", "length": 3600, "cap": 144, "used": 92}),
    ("J-PONT-REMY", "POP-ABBEVILLE", V, "LD", {"risk": [RG_ABB]}),
    # Level 3, Somme valley upstream and Ancre (Amiens -> Corbie -> Bray -> Albert)
    ("HE-AMIENS", "J-CAMON", L3, "LDH", {}),
    ("J-CAMON", "POP-CORBIE", L3, "LD", {}),
    ("POP-CORBIE", "J-SAILLY-LE-SEC", L3, "LD", {}),
    ("J-SAILLY-LE-SEC", "J-BRAY", L3, "DS", {"work": "D-06", "length": 10000, "cap": 144, "used": 139}),
    ("J-BRAY", "J-MEAULTE", L3, "LD", {}),
    ("J-MEAULTE", "POP-ALBERT", L3, "DS", {"work": "D-07", "length": 3400, "cap": 144, "used": 143}),
    # Level 3, A16 (Amiens -> Abbeville -> Rue)
    ("HE-AMIENS", "J-VAUX", L3, "LDH", {"risk": [RG_AMIENS]}),
    ("J-VAUX", "J-FLIXECOURT", L3, "LD", {}),
    ("J-FLIXECOURT", "J-AILLY-HAUT-CLOCHER", L3, "LD", {}),
    ("J-AILLY-HAUT-CLOCHER", "POP-ABBEVILLE", L3, "LD", {}),
    ("POP-ABBEVILLE", "J-NOUVION", L3, "LD", {}),
    ("J-NOUVION", "POP-RUE", L3, "LD", {}),
    # Global Crossing, Abbeville -> Vimeu -> Bresle
    ("POP-ABBEVILLE", "J-FEUQUIERES", GC, "LD", {"risk": [RG_ABB]}),
    ("J-FEUQUIERES", "J-BOUVAINCOURT", GC, "DS", {"work": "D-01", "length": 7800, "cap": 144, "used": 141}),
    # Global Crossing, A29 west (Amiens -> Poix) and east (Amiens -> A1 interchange)
    ("HE-AMIENS", "J-SALEUX", GC, "LDH", {}),
    ("J-SALEUX", "POP-POIX", GC, "LD", {}),
    ("HE-AMIENS", "J-LONGUEAU", GC, "LDH", {}),
    ("J-LONGUEAU", "J-HARBONNIERES", GC, "LD", {}),
    ("J-HARBONNIERES", "J-ASSEVILLERS", GC, "LD", {}),
    # Viatel, A1 (Roye -> Assevillers)
    ("POP-ROYE", "J-ASSEVILLERS", V, "LD", {}),
    # SMSN, coast: Abbeville -> Saint-Valery -> Le Crotoy -> Rue, Marquenterre
    ("POP-ABBEVILLE", "NRO-ABV", SM, "BB", {"risk": [RG_ABB]}),
    ("NRO-ABV", "J-BOISMONT", SM, "BB", {}),
    ("J-BOISMONT", "POP-SAINT-VALERY", SM, "DS", {"work": "D-02", "length": 3600, "cap": 96, "used": 92}),
    ("POP-SAINT-VALERY", "NRO-SVY", SM, "BB", {}),
    ("NRO-SVY", "J-NOYELLES", SM, "BB", {}),
    ("J-NOYELLES", "NRO-LCR", SM, "BB", {}),
    ("NRO-LCR", "POP-RUE", DI, "DV", {}),
    ("J-NOYELLES", "NRO-RUE", SM, "BB", {}),
    ("NRO-RUE", "POP-RUE", SM, "BB", {}),
    ("NRO-CAY", "POP-SAINT-VALERY", SM, "AC", {}),
    ("NRO-QPT", "POP-RUE", SM, "AC", {}),
    ("NRO-FTM", "NRO-QPT", SM, "AC", {}),
    ("J-NOUVION", "NRO-CRE", SM, "AC", {}),
    ("NRO-CRE", "NRO-VRO", SM, "AC", {}),
    # SMSN, Vimeu and Bresle
    ("POP-SAINT-VALERY", "NRO-SBL", SM, "BB", {}),
    ("NRO-SBL", "POP-FRIVILLE", SM, "BB", {}),
    ("POP-FRIVILLE", "NRO-FCT", SM, "AC", {"risk": [RG_FRIV]}),
    ("POP-FRIVILLE", "NRO-FCT", DI, "DV", {"risk": [RG_FRIV]}),
    ("POP-FRIVILLE", "J-FEUQUIERES", SM, "BB", {}),
    ("J-FEUQUIERES", "NRO-FEQ", SM, "AC", {}),
    ("NRO-FEQ", "POP-FRIVILLE", SM, "AC", {}),
    ("POP-FRIVILLE", "NRO-AUL", SM, "BB", {}),
    ("NRO-AUL", "J-BOUVAINCOURT", SM, "BB", {}),
    ("NRO-MER", "NRO-AUL", DI, "DV", {}),
    ("J-BOUVAINCOURT", "NRO-GAM", SM, "BB", {}),
    ("NRO-GAM", "NRO-BTC", SM, "BB", {}),
    ("NRO-BTC", "POP-OISEMONT", SM, "BB", {}),
    ("NRO-MOY", "POP-ABBEVILLE", SM, "AC", {}),
    # SMSN, Oisemont, Airaines, Hornoy, Poix
    ("POP-OISEMONT", "NRO-HAL", SM, "BB", {}),
    ("NRO-HAL", "J-PONT-REMY", SM, "BB", {}),
    ("POP-OISEMONT", "NRO-AIR", SM, "BB", {}),
    ("NRO-AIR", "NRO-LPR", SM, "BB", {}),
    ("NRO-LPR", "J-LONGPRE", SM, "BB", {}),
    ("POP-OISEMONT", "NRO-OIS", SM, "BB", {}),
    ("NRO-OIS", "NRO-HOR", SM, "BB", {}),
    ("NRO-HOR", "NRO-POI", SM, "BB", {}),
    ("NRO-POI", "POP-POIX", SM, "BB", {}),
    ("NRO-LIG", "POP-POIX", SM, "AC", {}),
    # SMSN, south: Conty, Ailly-sur-Noye, Moreuil, Montdidier, Roye
    ("POP-POIX", "NRO-CON", SM, "BB", {}),
    ("NRO-CON", "NRO-AIN", SM, "BB", {}),
    ("NRO-AIN", "POP-MOREUIL", SM, "BB", {}),
    ("POP-MOREUIL", "NRO-MOR", SM, "BB", {}),
    ("NRO-MOR", "J-LONGUEAU", SM, "BB", {}),
    ("POP-MOREUIL", "NRO-MRC", SM, "BB", {}),
    ("NRO-MRC", "J-HARBONNIERES", SM, "BB", {}),
    ("POP-MOREUIL", "POP-MONTDIDIER", SM, "BB", {}),
    ("POP-MONTDIDIER", "NRO-MDR", SM, "BB", {}),
    ("NRO-MDR", "POP-ROYE", SM, "BB", {}),
    ("NRO-ROY", "POP-ROYE", DI, "DV", {}),
    ("POP-ROYE", "POP-NESLE", SM, "BB", {}),
    # SMSN, Nesle, Ham, the Somme canal up to Péronne, Santerre
    ("POP-NESLE", "NRO-NES", SM, "BB", {}),
    ("NRO-NES", "POP-HAM", SM, "BB", {"risk": [RG_HAM]}),
    ("POP-HAM", "J-DOUILLY", SM, "DS", {"work": "D-11", "length": 5500, "cap": 96, "used": 93, "risk": [RG_HAM]}),
    ("NRO-HAM", "POP-HAM", SM, "AC", {}),
    ("NRO-CRO", "J-DOUILLY", SM, "AC", {}),
    ("NRO-ESM", "J-ATHIES", SM, "AC", {}),
    ("J-DOUILLY", "J-ATHIES", SM, "BB", {}),
    ("J-ATHIES", "J-BRIE", SM, "BB", {}),
    ("J-BRIE", "J-ETERPIGNY", SM, "BB", {}),
    ("J-ETERPIGNY", "POP-PERONNE", SM, "DS", {"work": "D-10", "length": 2000, "cap": 144, "used": 139}),
    ("POP-NESLE", "NRO-CHS", SM, "BB", {}),
    ("NRO-CHS", "POP-CHAULNES", SM, "BB", {}),
    ("POP-CHAULNES", "NRO-ESD", SM, "BB", {}),
    ("NRO-ESD", "J-ASSEVILLERS", SM, "BB", {}),
    ("POP-CHAULNES", "NRO-ROS", SM, "BB", {}),
    ("NRO-ROS", "NRO-HAR", SM, "BB", {}),
    ("NRO-HAR", "J-HARBONNIERES", SM, "BB", {}),
    ("NRO-BOU", "NRO-ROS", SM, "AC", {}),
    ("J-ASSEVILLERS", "NRO-PRN", SM, "BB", {}),
    ("NRO-PRN", "POP-PERONNE", SM, "BB", {}),
    ("POP-PERONNE", "J-FEUILLERES", SM, "DS", {"work": "D-09", "length": 7300, "cap": 144, "used": 102}),
    ("J-FEUILLERES", "NRO-BRA", SM, "BBT", {}),
    ("NRO-BRA", "J-BRAY", SM, "BBT", {}),
    ("NRO-NRL", "POP-PERONNE", SM, "AC", {}),
    ("NRO-FIN", "NRO-NRL", SM, "AC", {}),
    ("NRO-ROI", "POP-PERONNE", SM, "AC", {}),
    # Albert, Corbie, the Hallue (D929 Amiens -> Albert)
    ("POP-ALBERT", "NRO-ALB", DI, "DS", {"work": "D-08", "length": 1000, "cap": 48, "used": 42}),
    ("POP-ALBERT", "NRO-ALB", SM, "AC", {}),
    ("NRO-ACH", "POP-ALBERT", SM, "AC", {}),
    ("NRO-COB", "POP-ALBERT", SM, "AC", {}),
    ("POP-ALBERT", "J-QUERRIEU", SM, "BB", {}),
    ("J-QUERRIEU", "HE-AMIENS", SM, "BBH", {}),
    ("J-QUERRIEU", "NRO-COR", SM, "BB", {}),
    ("NRO-COR", "POP-CORBIE", SM, "BB", {}),
    ("NRO-BEH", "J-QUERRIEU", SM, "AC", {}),
    ("NRO-RIA", "POP-CORBIE", SM, "AC", {}),
    ("NRO-VRB", "J-LONGUEAU", GC, "AC", {}),
    # SMSN, north: N25 to Doullens, Ponthieu, Flixecourt
    ("HE-AMIENS", "J-TALMAS", SM, "BBH", {}),
    ("J-TALMAS", "NRO-BVL", SM, "BB", {}),
    ("NRO-BVL", "POP-DOULLENS", SM, "BB", {}),
    ("POP-DOULLENS", "NRO-DLS", SM, "BB", {}),
    ("NRO-DLS", "NRO-BNV", SM, "BB", {}),
    ("NRO-BNV", "NRO-SRQ", SM, "BB", {}),
    ("NRO-SRQ", "POP-ABBEVILLE", SM, "BB", {}),
    ("NRO-BNV", "NRO-DOM", SM, "BB", {}),
    ("NRO-DOM", "J-FLIXECOURT", SM, "BB", {}),
    ("J-AILLY-HAUT-CLOCHER", "NRO-AHC", SM, "BB", {}),
    ("NRO-AHC", "NRO-SRQ", SM, "BB", {}),
    ("NRO-VIB", "J-TALMAS", SM, "AC", {}),
    ("NRO-VIG", "J-FLIXECOURT", SM, "AC", {}),
    ("NRO-B6T", "J-FLIXECOURT", SM, "AC", {}),
    ("NRO-P6R", "NRO-DOM", SM, "AC", {}),
    ("J-FLIXECOURT", "NRO-FLX", SM, "BB", {}),
    ("NRO-FLX", "NRO-PIC", SM, "BB", {}),
    ("NRO-PIC", "J-PICQUIGNY", SM, "BB", {}),
    # SMSN, the new head-end at the operator's seat (planned)
    ("HE-SMSN", "HE-AMIENS", SM, "BBH", {"status": P}),
    ("HE-SMSN", "J-SALEUX", SM, "BBH", {"status": P}),
    ("HE-SMSN", "J-LONGUEAU", SM, "BBH", {"status": P}),
]

# --------------------------------------------------------------------------- requirements
SITE_RANGE = (80, 140)
SECTION_RANGE = (110, 200)
NRO_RANGE = (40, 80)
FINAL_SINGLE_RANGE = (2, 5)
FIBRES_PER_ROUTE = 2          # routed fibres per collection route: the engine's default
NEAR, SATURATED = 0.80, 1.00  # docs/analysis.md thresholds, the engine's defaults
OTHER_LOADED_MAX = 0.75       # other sections stay clear of "near" with routed fibres
OTHER_USED_MAX = 0.60
DETOUR_RANGE = (1.2, 1.4)     # computed lengths
FIXED_RATIO_RANGE = (1.0, 1.6)  # seed lengths against the straight line


# --------------------------------------------------------------------------- helpers

class RequirementError(Exception):
    pass


def require(condition, message):
    if not condition:
        raise RequirementError(message)


def haversine_m(lon1, lat1, lon2, lat2):
    r = 6371008.8
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def unit(key, salt):
    """A deterministic number in [0, 1) derived from a key."""
    digest = hashlib.sha256((salt + ":" + key).encode("utf-8")).hexdigest()
    return int(digest[:12], 16) / float(1 << 48)


def site_record(sid, kind, name, lon, lat, subscribers, status):
    rec = {"id": sid, "kind": kind, "name": name, "lon": round(lon, 4), "lat": round(lat, 4)}
    if subscribers is not None:
        rec["subscribers"] = subscribers
    rec["status"] = status
    return rec


# --------------------------------------------------------------------------- build

def build():
    sites = [site_record(*s) for s in HEADENDS + POPS + JUNCTIONS]
    for code, commune, lon, lat, subs, _conf in SEED_NROS:
        sites.append(site_record("NRO-" + code, "nro", commune, lon, lat, subs, E))
    for code, commune, lon, lat, subs in EXTRA_NROS:
        sites.append(site_record("NRO-" + code, "nro", commune, lon, lat, subs, E))
    by_id = {s["id"]: s for s in sites}

    sections = []
    work_sections = {}
    for i, (a, b, owner, cls, opt) in enumerate(SECTIONS, start=1):
        sid = "S-%03d" % i
        require(a in by_id and b in by_id, "%s: unknown end %s/%s" % (sid, a, b))
        straight = haversine_m(by_id[a]["lon"], by_id[a]["lat"], by_id[b]["lon"], by_id[b]["lat"])
        if "length" in opt:
            length = opt["length"]
        else:
            detour = DETOUR_RANGE[0] + (DETOUR_RANGE[1] - DETOUR_RANGE[0]) * unit(sid, "detour")
            length = max(1, int(round(straight * detour)))
        if cls == "DS":
            cap, used = opt["cap"], opt["used"]
        else:
            cap, lo, hi = CLASSES[cls]
            used = int(round(cap * (lo + (hi - lo) * unit(sid, "used"))))
        rec = {"id": sid, "from": a, "to": b, "lengthM": length, "owner": owner,
               "status": opt.get("status", E), "capacityFibres": cap, "usedFibres": used}
        if opt.get("risk"):
            rec["riskGroups"] = list(opt["risk"])
        sections.append(rec)
        if "work" in opt:
            work_sections.setdefault(opt["work"], []).append(sid)

    links = []
    for i, (prio, a, b, length, cost) in enumerate(REDUNDANCY_LINKS, start=1):
        links.append({"id": "R-%02d" % i, "priority": prio, "a": "NRO-" + a, "b": "NRO-" + b,
                      "lengthM": length, "costEur": cost, "owner": LINK_OWNER})

    works = []
    for i, (urgency, label, owner, length, cost) in enumerate(DESATURATION_WORKS, start=1):
        wid = "D-%02d" % i
        works.append({"id": wid, "urgency": urgency, "label": label,
                      "sections": work_sections.get(wid, []), "owner": owner,
                      "lengthM": length, "costEur": cost,
                      "addedCapacityFibres": ADDED_CAPACITY[wid]})

    return {
        "format": FORMAT,
        "name": NAME,
        "description": DESCRIPTION,
        "provenance": PROVENANCE,
        "sites": sites,
        "sections": sections,
        "redundancyLinks": links,
        "desaturationWorks": works,
        "declaredTotals": DECLARED_TOTALS,
    }


# --------------------------------------------------------------------------- seed cross-check

def check_seed(seed_dir):
    def rows(name):
        with open(os.path.join(seed_dir, name), encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    got = [(int(r["priority"]), r["nro_a"], r["nro_b"], int(r["length_m"]), int(r["cost_eur_ht"]))
           for r in rows("redundancy_links.csv")]
    require(got == REDUNDANCY_LINKS, "redundancy_links.csv differs from the embedded table")
    got = [(int(r["urgency"]), r["section_label"], r["conduit_owner"], int(r["length_m"]),
            int(r["cost_eur_ht"])) for r in rows("desaturation_works.csv")]
    require(got == DESATURATION_WORKS, "desaturation_works.csv differs from the embedded table")
    totals = {r["table"]: r for r in rows("declared_totals.csv")}
    for table, key in (("redundancy_links", "redundancyLinks"),
                       ("desaturation_works", "desaturationWorks")):
        require(int(totals[table]["length_m"]) == DECLARED_TOTALS[key]["lengthM"]
                and int(totals[table]["cost_eur_ht"]) == DECLARED_TOTALS[key]["costEur"],
                "declared_totals.csv differs for " + table)


# --------------------------------------------------------------------------- verification

TOP_KEYS = ["format", "name", "description", "provenance", "sites", "sections",
            "redundancyLinks", "desaturationWorks", "declaredTotals"]
SITE_KEYS = {"id", "kind", "name", "lon", "lat", "subscribers", "status"}
SECTION_KEYS = {"id", "from", "to", "lengthM", "owner", "status", "capacityFibres",
                "usedFibres", "riskGroups", "geometry"}
LINK_KEYS = {"id", "priority", "a", "b", "lengthM", "costEur", "owner"}
WORK_KEYS = {"id", "urgency", "label", "sections", "owner", "lengthM", "costEur",
             "addedCapacityFibres"}


def validate(doc):
    """docs/format.md validation: every problem at once."""
    problems = []
    if set(doc) - set(TOP_KEYS):
        problems.append("unknown top-level keys %s" % sorted(set(doc) - set(TOP_KEYS)))
    sites = {}
    for s in doc["sites"]:
        if set(s) - SITE_KEYS:
            problems.append("site %s: unknown keys" % s["id"])
        if s["id"] in sites:
            problems.append("duplicate site " + s["id"])
        if s["kind"] not in ("headend", "pop", "nro", "junction"):
            problems.append("site %s: kind %s" % (s["id"], s["kind"]))
        if not (-180 <= s["lon"] <= 180 and -90 <= s["lat"] <= 90):
            problems.append("site %s: coordinates" % s["id"])
        if s["status"] not in (E, P):
            problems.append("site %s: status" % s["id"])
        if not isinstance(s.get("subscribers", 0), int) or s.get("subscribers", 0) < 0:
            problems.append("site %s: subscribers" % s["id"])
        sites[s["id"]] = s
    seen = set()
    for e in doc["sections"]:
        sid = e["id"]
        if set(e) - SECTION_KEYS:
            problems.append("section %s: unknown keys" % sid)
        if sid in seen:
            problems.append("duplicate section " + sid)
        seen.add(sid)
        if e["from"] not in sites or e["to"] not in sites:
            problems.append("section %s: dangling end" % sid)
            continue
        if e["from"] == e["to"]:
            problems.append("section %s: self-loop" % sid)
        if not (isinstance(e["lengthM"], int) and e["lengthM"] > 0):
            problems.append("section %s: length" % sid)
        if not (0 <= e["usedFibres"] <= e["capacityFibres"]):
            problems.append("section %s: usedFibres > capacityFibres" % sid)
        if e["status"] == E and any(sites[x]["status"] == P for x in (e["from"], e["to"])):
            problems.append("section %s: existing section ends at a planned site" % sid)
    seen = set()
    for r in doc["redundancyLinks"]:
        if set(r) - LINK_KEYS:
            problems.append("link %s: unknown keys" % r["id"])
        if r["id"] in seen:
            problems.append("duplicate link " + r["id"])
        seen.add(r["id"])
        for end in (r["a"], r["b"]):
            if end not in sites or sites[end]["kind"] != "nro":
                problems.append("link %s: %s is not an NRO site" % (r["id"], end))
        if r["a"] == r["b"]:
            problems.append("link %s: self-loop" % r["id"])
    seen = set()
    section_ids = {e["id"] for e in doc["sections"]}
    for w in doc["desaturationWorks"]:
        if set(w) - WORK_KEYS:
            problems.append("work %s: unknown keys" % w["id"])
        if w["id"] in seen:
            problems.append("duplicate work " + w["id"])
        seen.add(w["id"])
        if not w["sections"]:
            problems.append("work %s: no section" % w["id"])
        for s in w["sections"]:
            if s not in section_ids:
                problems.append("work %s: dangling section %s" % (w["id"], s))
    require(not problems, "invalid topology:\n  " + "\n  ".join(problems))


def analysed_graph(nx, doc, include_planned=False, links=()):
    ok = (E, P) if include_planned else (E,)
    G = nx.MultiGraph()
    for s in doc["sites"]:
        if s["status"] in ok:
            G.add_node(s["id"], kind=s["kind"])
    for e in doc["sections"]:
        if e["status"] in ok and e["from"] in G and e["to"] in G:
            G.add_edge(e["from"], e["to"], key=e["id"], length=e["lengthM"])
    by_id = {r["id"]: r for r in doc["redundancyLinks"]}
    for lid in links:
        r = by_id[lid]
        G.add_edge(r["a"], r["b"], key=lid, length=r["lengthM"])
    return G


def headends(G):
    return sorted(n for n, k in G.nodes(data="kind") if k == "headend")


def nro_paths(nx, G):
    """docs/analysis.md `paths`: min(2, max flow from a super-source on the head-ends),
    each section one unit of capacity (parallel sections add up)."""
    src = ("__super_source__",)
    D = nx.DiGraph()
    D.add_nodes_from(G.nodes)
    for u, v in G.edges():
        for x, y in ((u, v), (v, u)):
            if D.has_edge(x, y):
                D[x][y]["capacity"] += 1
            else:
                D.add_edge(x, y, capacity=1)
    for h in headends(G):
        D.add_edge(src, h, capacity=10 ** 6)
    reachable = nx.descendants(D, src)
    out = {}
    for n, k in sorted(G.nodes(data="kind")):
        if k != "nro":
            continue
        out[n] = 0 if n not in reachable else min(2, int(nx.maximum_flow_value(D, src, n)))
    return out


def status_sets(paths):
    iso = sorted(n for n, p in paths.items() if p == 0)
    single = sorted(n for n, p in paths.items() if p == 1)
    secured = sorted(n for n, p in paths.items() if p == 2)
    return iso, single, secured


def critical_sections(nx, G, nro):
    heads = headends(G)
    crit = []
    for u, v, k in sorted(G.edges(keys=True), key=lambda t: t[2]):
        H = G.copy()
        H.remove_edge(u, v, key=k)
        comp = nx.node_connected_component(H, nro)
        if not any(h in comp for h in heads):
            crit.append(k)
    return crit


def shortest_pair(nx, G, nro, head):
    """Section-disjoint shortest pair (min-cost flow of value <= 2): the primary and,
    when it exists, the backup route, each as a list of section ids."""
    H = nx.DiGraph()
    src = ("__src__",)
    H.add_edge(src, nro, capacity=2, weight=0)
    for u, v, k, d in G.edges(keys=True, data=True):
        for x, y, tag in ((u, v, "+"), (v, u, "-")):
            mid = ("__mid__", k, tag)
            H.add_edge(x, mid, capacity=1, weight=int(d["length"]))
            H.add_edge(mid, y, capacity=1, weight=0)
    flow = nx.max_flow_min_cost(H, src, head)
    routes = []
    units = flow[src][nro]
    for _ in range(units):
        node, route = nro, []
        while node != head:
            nxt = next(m for m in sorted(flow[node], key=str) if flow[node][m] > 0)
            flow[node][nxt] -= 1
            if isinstance(nxt, tuple) and nxt[0] == "__mid__":
                route.append(nxt[1])
                far = next(m for m in sorted(flow[nxt], key=str) if flow[nxt][m] > 0)
                flow[nxt][far] -= 1
                nxt = far
            node = nxt
        routes.append(route)
    lengths = {k: d["length"] for _, _, k, d in G.edges(keys=True, data=True)}
    routes.sort(key=lambda r: (sum(lengths[s] for s in r), r))
    return routes


def route_loads(nx, G):
    """Routed fibres per section: every NRO's primary and backup to the nearest head-end."""
    heads = headends(G)
    dist = {}
    for h in heads:
        dist[h] = nx.single_source_dijkstra_path_length(
            nx.Graph((u, v, {"w": min(d["length"] for d in G.get_edge_data(u, v).values())})
                     for u, v in G.edges()), h, weight="w")
    loads = {k: 0 for _, _, k in G.edges(keys=True)}
    for n, kind in sorted(G.nodes(data="kind")):
        if kind != "nro":
            continue
        candidates = sorted((dist[h].get(n, math.inf), h) for h in heads)
        if not candidates or candidates[0][0] == math.inf:
            continue
        for route in shortest_pair(nx, G, n, candidates[0][1]):
            for s in route:
                loads[s] += FIBRES_PER_ROUTE
    return loads


def verify(doc, quiet=False):
    try:
        import networkx as nx
    except ImportError:
        raise RequirementError("NetworkX is required to verify the topology (pip install networkx)")

    def say(*a):
        if not quiet:
            print(*a)

    validate(doc)
    sites = {s["id"]: s for s in doc["sites"]}
    sections = {e["id"]: e for e in doc["sections"]}
    nros = sorted(s["id"] for s in doc["sites"] if s["kind"] == "nro")
    kinds = {}
    for s in doc["sites"]:
        kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
    owners = {}
    for e in doc["sections"]:
        owners[e["owner"]] = owners.get(e["owner"], 0) + 1

    require(SITE_RANGE[0] <= len(sites) <= SITE_RANGE[1], "site count %d" % len(sites))
    require(SECTION_RANGE[0] <= len(sections) <= SECTION_RANGE[1], "section count %d" % len(sections))
    require(NRO_RANGE[0] <= len(nros) <= NRO_RANGE[1], "NRO count %d" % len(nros))
    for s in doc["sites"]:
        if s["kind"] == "nro":
            require(200 <= s["subscribers"] <= 10000, "%s: subscribers" % s["id"])
    seed_codes = [c for c, *_ in SEED_NROS]
    link_codes = sorted({x for _, a, b, _, _ in REDUNDANCY_LINKS for x in (a, b)})
    require(sorted(seed_codes) == link_codes, "seed NRO codes do not match the link table")

    say("sites %d (%s); sections %d (%s)" % (
        len(sites), ", ".join("%s %d" % kv for kv in sorted(kinds.items())), len(sections),
        ", ".join("%s %d" % kv for kv in sorted(owners.items()))))
    say("planned: sites %s; sections %s" % (
        [s for s in sorted(sites) if sites[s]["status"] == P],
        [e for e in sorted(sections) if sections[e]["status"] == P]))

    # lengths against the straight line
    fixed = {s for w in doc["desaturationWorks"] for s in w["sections"]}
    for e in doc["sections"]:
        a, b = sites[e["from"]], sites[e["to"]]
        straight = haversine_m(a["lon"], a["lat"], b["lon"], b["lat"])
        ratio = e["lengthM"] / straight
        lo, hi = FIXED_RATIO_RANGE if e["id"] in fixed else (DETOUR_RANGE[0] - 0.01, DETOUR_RANGE[1] + 0.01)
        require(lo <= ratio <= hi, "%s: length %d m for %.0f m straight (ratio %.2f)" % (
            e["id"], e["lengthM"], straight, ratio))

    # parallel sections and risk groups
    pairs = {}
    for e in doc["sections"]:
        pairs.setdefault(tuple(sorted((e["from"], e["to"]))), []).append(e["id"])
    parallel = sorted(v for v in pairs.values() if len(v) > 1)
    require(parallel, "no parallel sections")
    groups = {}
    for e in doc["sections"]:
        for g in e.get("riskGroups", []):
            groups.setdefault(g, []).append(e["id"])
    require(len(groups) >= 2 and all(len(v) >= 2 for v in groups.values()), "risk groups")
    say("parallel sections: %s" % parallel)
    say("risk groups: %s" % ", ".join("%s %s" % (g, groups[g]) for g in sorted(groups)))

    # resilience (docs/analysis.md), existing network: head-end HE-AMIENS only
    G0 = analysed_graph(nx, doc)
    require(headends(G0) == ["HE-AMIENS"], "existing head-ends %s" % headends(G0))
    require(nx.is_connected(G0), "the existing network is not connected")
    iso0, single0, secured0 = status_sets(nro_paths(nx, G0))
    require(not iso0, "isolated NROs in the existing network: %s" % iso0)
    require(len(secured0) > len(nros) / 2,
            "only %d of %d NROs secured today" % (len(secured0), len(nros)))
    say("\nexisting network: %d NROs, %d secured, %d single-homed, %d isolated" % (
        len(nros), len(secured0), len(single0), len(iso0)))
    say("  single-homed today: %s" % " ".join(single0))

    say("\nredundancy links (alone on the existing network | cumulative in table order):")
    applied = []
    previous_single = set(single0)
    for r in doc["redundancyLinks"]:
        a, b = r["a"], r["b"]
        require(not G0.has_edge(a, b), "%s: %s and %s are already adjacent" % (r["id"], a, b))
        ends_single = [x for x in (a, b) if x in single0]
        require(ends_single, "%s: neither %s nor %s is single-homed today" % (r["id"], a, b))
        _, single_alone, _ = status_sets(nro_paths(nx, analysed_graph(nx, doc, links=[r["id"]])))
        secured_alone = sorted(set(single0) - set(single_alone))
        require(any(x in secured_alone for x in ends_single),
                "%s does not secure %s" % (r["id"], " or ".join(ends_single)))
        applied.append(r["id"])
        iso_c, single_c, _ = status_sets(nro_paths(nx, analysed_graph(nx, doc, links=applied)))
        require(not iso_c, "isolated NROs after %s" % r["id"])
        secured_cum = sorted(previous_single - set(single_c))
        previous_single = set(single_c)
        straight = haversine_m(sites[a]["lon"], sites[a]["lat"], sites[b]["lon"], sites[b]["lat"])
        say("  %s P%d %s-%s %6d m (straight %5.1f km, ratio %.2f): alone secures %s | cumulative "
            "secures %s, %d single-homed left" % (
                r["id"], r["priority"], a[4:], b[4:], r["lengthM"], straight / 1000,
                r["lengthM"] / straight, " ".join(secured_alone) or "-",
                " ".join(secured_cum) or "nothing", len(single_c)))

    G_all = analysed_graph(nx, doc, links=applied)
    iso_f, single_f, secured_f = status_sets(nro_paths(nx, G_all))
    require(FINAL_SINGLE_RANGE[0] <= len(single_f) <= FINAL_SINGLE_RANGE[1],
            "%d NROs single-homed after all links: %s" % (len(single_f), single_f))
    say("\nafter all 14 links: %d secured, single-homed %s" % (len(secured_f), " ".join(single_f)))
    for n in single_f:
        say("  %s critical sections %s" % (n, critical_sections(nx, G_all, n)))
    Gp = analysed_graph(nx, doc, include_planned=True)
    _, single_p, _ = status_sets(nro_paths(nx, Gp))
    require(set(single_p) == set(single0), "the planned head-end changes who is single-homed")
    say("with the planned head-end HE-SMSN: head-ends %s, single-homed unchanged (%d)" % (
        headends(Gp), len(single_p)))

    # desaturation works and section loads (docs/analysis.md, existing network)
    loads = route_loads(nx, G0)
    say("\ndesaturation works (routing: primary + backup to the nearest head-end, %d fibres "
        "per route):" % FIBRES_PER_ROUTE)
    for w, (urgency, label, owner, length, cost) in zip(doc["desaturationWorks"], DESATURATION_WORKS):
        require((w["urgency"], w["label"], w["owner"], w["lengthM"], w["costEur"])
                == (urgency, label, owner, length, cost), "%s differs from the seed" % w["id"])
        secs = [sections[s] for s in w["sections"]]
        require(sum(e["lengthM"] for e in secs) == w["lengthM"],
                "%s: section lengths do not add up to %d" % (w["id"], w["lengthM"]))
        for e in secs:
            require(e["owner"] == w["owner"], "%s: %s owned by %s" % (w["id"], e["id"], e["owner"]))
            fill = e["usedFibres"] / e["capacityFibres"]
            load = e["usedFibres"] + loads[e["id"]]
            # The seed's picture under the engine's default load model: urgency-1 sections
            # saturated today, the others near saturation.
            if w["urgency"] == 1:
                require(load / e["capacityFibres"] >= SATURATED, "%s: %s only %.1f %% loaded, not saturated"
                        % (w["id"], e["id"], 100 * load / e["capacityFibres"]))
            else:
                require(NEAR <= load / e["capacityFibres"] < SATURATED, "%s: %s %.1f %% loaded, not near saturation"
                        % (w["id"], e["id"], 100 * load / e["capacityFibres"]))
            after = load / (e["capacityFibres"] + w["addedCapacityFibres"])
            require(after < NEAR, "%s: %s still %.0f %% after the work" % (w["id"], e["id"], 100 * after))
            say("  %s U%d %-32s %-8s %-16s %5d m  used %3d/%3d = %5.1f %%  +routed %3d -> %5.1f %% "
                "| after +%d: %5.1f %%" % (
                    w["id"], w["urgency"], w["label"], e["id"], e["owner"], e["lengthM"],
                    e["usedFibres"], e["capacityFibres"], 100 * fill, loads[e["id"]],
                    100 * load / e["capacityFibres"], w["addedCapacityFibres"], 100 * after))
    others = [e for e in doc["sections"] if e["id"] not in fixed]
    for e in others:
        require(e["usedFibres"] / e["capacityFibres"] < OTHER_USED_MAX,
                "%s: %d/%d used" % (e["id"], e["usedFibres"], e["capacityFibres"]))
    hot = sorted(((e["usedFibres"] + loads.get(e["id"], 0)) / e["capacityFibres"], e["id"])
                 for e in others if e["status"] == E)
    require(hot[-1][0] < OTHER_LOADED_MAX, "%s reaches %.0f %% with routed fibres" % (hot[-1][1], 100 * hot[-1][0]))
    say("other sections: used %.0f-%.0f %% of capacity; with routed fibres at most %.0f %% (%s)" % (
        100 * min(e["usedFibres"] / e["capacityFibres"] for e in others),
        100 * max(e["usedFibres"] / e["capacityFibres"] for e in others),
        100 * hot[-1][0], hot[-1][1]))

    rows_len = sum(r["lengthM"] for r in doc["redundancyLinks"])
    rows_cost = sum(r["costEur"] for r in doc["redundancyLinks"])
    say("\ndeclared totals: links %d m / %d € (rows %d m / %d €); works %d m / %d € (rows %d m / %d €)" % (
        doc["declaredTotals"]["redundancyLinks"]["lengthM"],
        doc["declaredTotals"]["redundancyLinks"]["costEur"], rows_len, rows_cost,
        doc["declaredTotals"]["desaturationWorks"]["lengthM"],
        doc["declaredTotals"]["desaturationWorks"]["costEur"],
        sum(w["lengthM"] for w in doc["desaturationWorks"]),
        sum(w["costEur"] for w in doc["desaturationWorks"])))


# --------------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed-dir", help="cross-check the embedded tables against the seed CSVs")
    ap.add_argument("--output", default=DEFAULT_OUTPUT, help="default: topology/somme.json")
    ap.add_argument("--quiet", action="store_true", help="no summary")
    args = ap.parse_args(argv)
    try:
        if args.seed_dir:
            check_seed(args.seed_dir)
        doc = build()
        verify(doc, quiet=args.quiet)
    except RequirementError as err:
        print("build_somme.py: requirement failed: %s" % err, file=sys.stderr)
        return 1
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    if not args.quiet:
        print("\nwrote %s (%d bytes)" % (os.path.relpath(args.output, os.getcwd()), len(text.encode("utf-8"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
