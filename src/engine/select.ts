// Which rules a run uses: the shipped ones plus `--rules DIR`, narrowed by `--only`, `--exclude`
// (rule ids, tags or globs like `systemd-*`) and `--min-severity`.
import { KubesleuthError } from '../errors.js';
import { RULES_DIR } from '../paths.js';
import { loadRules } from './rules.js';
import { SEVERITIES, type Rule, type Severity } from './rule-types.js';

/** The selection flags, as given (comma-separated lists, repeatable). */
export interface Selection {
  rules?: string[];
  only?: string[];
  exclude?: string[];
  minSeverity?: string;
}

/** The `parseArgs` options every command that loads rules shares. */
export const SELECT_OPTIONS = {
  rules: { type: 'string', multiple: true },
  only: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'min-severity': { type: 'string' },
} as const;

/** Help lines for SELECT_OPTIONS. */
export const SELECT_HELP = `  --rules DIR        also load the rules in DIR (repeatable)
  --only LIST        only these rules: ids, tags or globs, comma-separated (systemd-*,kernel)
  --exclude LIST     leave these rules out (same forms as --only)
  --min-severity SEV only rules of SEV or worse (${SEVERITIES.join(', ')})`;

function patterns(list: readonly string[] | undefined): RegExp[] | null {
  const items = (list ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  if (!items.length) return null;
  return items.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
}

const hit = (r: Rule, ps: readonly RegExp[]) => ps.some((p) => p.test(r.id) || r.tags.some((t) => p.test(t)));

/** Loads and narrows the rule set; a selection that names nothing known is a usage error. */
export function selectRules(sel: Selection): Rule[] {
  const all = loadRules([RULES_DIR, ...(sel.rules ?? [])]);
  const min = sel.minSeverity as Severity | undefined;
  if (min !== undefined && !SEVERITIES.includes(min)) throw new KubesleuthError(`--min-severity wants one of ${SEVERITIES.join(', ')}, got "${min}"`);
  const only = patterns(sel.only);
  const exclude = patterns(sel.exclude);
  for (const [flag, ps] of [['--only', only], ['--exclude', exclude]] as const) {
    for (const p of ps ?? []) if (!all.some((r) => hit(r, [p]))) throw new KubesleuthError(`${flag}: "${p.source.slice(1, -1).replace(/\.\*/g, '*').replace(/\\/g, '')}" names no rule or tag (see kubesleuth rules list)`);
  }
  return all.filter((r) => (!only || hit(r, only)) && (!exclude || !hit(r, exclude)) && (min === undefined || SEVERITIES.indexOf(r.severity) <= SEVERITIES.indexOf(min)));
}
