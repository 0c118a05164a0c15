/** What part of a topology is analysed (docs/analysis.md). */
export interface NetworkOptions {
  /** Site ids to use as head-ends instead of the analysed sites of kind `headend`. */
  headends?: readonly string[];
  /** Also analyse sites and sections with status `planned`. Default false. */
  includePlanned?: boolean;
  /** Redundancy link ids added as sections (the link's id, owner and length). Default none. */
  withLinks?: readonly string[];
}
