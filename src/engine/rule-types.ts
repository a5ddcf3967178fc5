// The rule model after validation. The YAML form is documented in README.md ("Rules").

/** Finding severities, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
/** A finding severity. */
export type Severity = (typeof SEVERITIES)[number];

/** One way an event can raise a signal; every condition given must hold. */
export interface MatchSpec {
  source: string[] | null;
  unit: string[] | null;
  /** Field text equality: `event: [started]`. */
  fields: Array<[string, string[]]>;
  /** Any of these substrings in the target text (cheap pre-filter). */
  contains: string[] | null;
  /** Named groups become captures. */
  regex: RegExp | null;
  /** Literals one of which every regex match contains, for a cheap `includes` before the regex. */
  literals: string[] | null;
  /** Texts to search: `message` or `fields.<name>`. */
  in: string[];
  /** None of these may appear (e.g. PLEG's benign start-up message). */
  notContains: string[] | null;
  /** Capture name → expressions tried in order (`unit`, `fields.description`, `host`). */
  capture: Array<[string, string[]]>;
  /** What one match counts for in event_count: a number, or a field (kubectl's `count`, `x163`). */
  weight: number | string;
}

/** A named signal: the alternatives that raise it. */
export interface SignalSpec {
  name: string;
  any: MatchSpec[];
}

/** A condition tying a step's capture to an earlier step's: `unit: root.unit` or `unit: {not: root.unit}`. */
export interface Where {
  capture: string;
  op: 'eq' | 'ne';
  alias: string;
  ref: string;
}

/** One step of an ordered sequence. */
export interface Step {
  signal: string;
  as: string;
  /** Must follow the previous step within this many µs (null: any time later). */
  within: number | null;
  where: Where[];
}

/** A signal that must NOT follow a step (until the end of the data, or within a time). */
export interface Absent {
  signal: string;
  after: string;
  within: number | null;
  where: Where[];
}

/** How signals correlate into findings (vocabulary after Sigma correlation rules). */
export type Correlation =
  | { type: 'event_count'; signals: string[]; groupBy: string[]; timespan: number; gte: number }
  | { type: 'value_count'; signals: string[]; groupBy: string[]; timespan: number; field: string; gte: number }
  | { type: 'temporal'; signals: string[]; groupBy: string[]; timespan: number }
  | { type: 'temporal_ordered'; groupBy: string[]; steps: Step[]; absent: Absent[]; mergeBy: string[] };

/** A sample log the rule must fire on (positive) or stay silent on (negative). */
export interface Sample {
  name: string;
  format: string | null;
  log: string;
  /** Positive samples: how many findings (default: at least one). */
  findings: number | null;
}

/** A validated rule. */
export interface Rule {
  id: string;
  file: string;
  title: string;
  severity: Severity;
  description: string;
  remediation: string;
  references: string[];
  falsepositives: string[];
  tags: string[];
  signals: Record<string, SignalSpec>;
  correlation: Correlation;
  /** Signals shown as evidence when they fall in a finding's window (± margin). */
  evidence: string[];
  evidenceMargin: number;
  /** A match is dropped when one of these signals occurred on its host within `before` ahead of it (e.g. kubelet just started). */
  unless: Array<{ signal: string; before: number }>;
  /** A signal that clears the finding when it follows the last evidence (the unit started again, the node went Ready). */
  resolve: { signal: string; within: number | null } | null;
  /** Rules whose findings on the same host, starting after this one, it causes. */
  causes: string[];
  summary: string;
  samples: { positive: Sample[]; negative: Sample[] };
}
