// @ts-check
/** @import { AnalysisSummary, SaturationPage, TileJson } from './types.js' */

/**
 * What the map knows of one topology besides its tiles: the analysis summary (counts by NRO
 * status, owners, risk groups, the candidate works' cost) and the saturation summary. Both are
 * a few kB whatever the network's size: the panels fetch the rest a page at a time.
 */
export class NetworkModel {
  /**
   * @param {object} parts
   * @param {string} parts.topologyId
   * @param {TileJson} parts.tiles
   * @param {AnalysisSummary} parts.analysis
   * @param {SaturationPage['summary'] | null} parts.saturation
   * @param {number} parts.maxSubscribers the most subscribers of one NRO
   */
  constructor({ topologyId, tiles, analysis, saturation, maxSubscribers }) {
    this.topologyId = topologyId;
    this.tiles = tiles;
    this.analysis = analysis;
    this.saturation = saturation;
    this.maxSubscribers = Math.max(1, maxSubscribers);
    this.owners = analysis.owners.map((o) => o.owner).sort();
    this.riskGroups = analysis.riskGroups;
  }

  /** NROs analysed. */
  get nroCount() {
    const n = this.analysis.nros;
    return n.secured + n['single-homed'] + n.isolated;
  }

  /** Sections of an owner. @param {string} owner */
  ownerSections(owner) {
    return this.analysis.owners.find((o) => o.owner === owner)?.sections ?? 0;
  }
}
