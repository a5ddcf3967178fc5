// Loads rules/*.yaml, validates every field, and reports the first problem as
// `<file>: <field>: <what is wrong>` (a start-up error, exit status 2).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import safeRegex from 'safe-regex2';
import { RULES_DIR } from '../paths.js';
import { parse as parseYaml } from 'yaml';
import { failure } from '../errors.js';
import { parseDuration } from '../time.js';
import { requiredLiterals } from './literal.js';
import { SEVERITIES, type Absent, type Correlation, type MatchSpec, type Rule, type Sample, type SignalSpec, type Step, type Where } from './rule-types.js';

type Obj = Record<string, unknown>;

// The 'l' flag (linear-time matching) for users' regexes: V8 ships the engine behind this flag.
setFlagsFromString('--enable-experimental-regexp-engine');

class Check {
  constructor(readonly file: string) {}
  fail(path: string, msg: string): never {
    throw failure(this.file, `${path}: ${msg}`);
  }
  obj(v: unknown, path: string): Obj {
    if (!v || typeof v !== 'object' || Array.isArray(v)) this.fail(path, 'expected a mapping');
    return v as Obj;
  }
  str(o: Obj, key: string, path: string, optional = false): string {
    const v = o[key];
    if (v === undefined && optional) return '';
    if (typeof v !== 'string' || v.trim() === '') this.fail(`${path}${key}`, 'expected a non-empty text');
    return v.trim();
  }
  strList(v: unknown, path: string): string[] {
    if (v === undefined || v === null) return [];
    const list = Array.isArray(v) ? v : [v];
    return list.map((x, i) => {
      if (typeof x !== 'string' && typeof x !== 'number') this.fail(`${path}[${i}]`, 'expected text');
      return String(x);
    });
  }
  duration(v: unknown, path: string): number {
    const d = typeof v === 'string' ? parseDuration(v) : null;
    if (d === null || d <= 0) this.fail(path, `expected a duration like 90s, 10m or 2h, got ${JSON.stringify(v)}`);
    return d;
  }
  int(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) this.fail(path, `expected a whole number ≥ 1, got ${JSON.stringify(v)}`);
    return v;
  }
  regex(v: unknown, path: string): RegExp {
    if (typeof v !== 'string') this.fail(path, 'expected a regular expression as text');
    let re: RegExp;
    try {
      re = new RegExp(v);
    } catch (err) {
      this.fail(path, `invalid regular expression: ${(err as Error).message}`);
    }
    if (this.file.startsWith(`${RULES_DIR}${sep}`)) return re;
    // A user's regex runs on V8's linear-time engine, which cannot backtrack catastrophically. One
    // it cannot run (lookaround, backreference) must have no repetition inside a repetition.
    try {
      return new RegExp(v, 'l');
    } catch {
      if (safeRegex(v, { limit: 10_000 })) return re;
      this.fail(path, 'this regular expression could take exponential time (a repeated group that repeats inside, with a lookaround or backreference): rewrite it without the nested repetition or without the lookaround');
    }
  }
}

const MATCH_KEYS = new Set(['source', 'unit', 'fields', 'contains', 'regex', 'in', 'not_contains', 'capture', 'weight']);
/** Largest weight one line may carry: a kubectl row of count 100000 is not 100000 findings' worth. */
export const MAX_WEIGHT = 1000;

function matchSpec(c: Check, raw: unknown, path: string, inherited: Obj): MatchSpec {
  const o = { ...inherited, ...c.obj(raw, path) };
  for (const k of Object.keys(o)) if (!MATCH_KEYS.has(k) && k !== 'any') c.fail(`${path}.${k}`, `unknown key (expected one of ${[...MATCH_KEYS].join(', ')})`);
  const fields: Array<[string, string[]]> = [];
  if (o.fields !== undefined) for (const [k, v] of Object.entries(c.obj(o.fields, `${path}.fields`))) fields.push([k, c.strList(v, `${path}.fields.${k}`)]);
  const regex = o.regex !== undefined ? c.regex(o.regex, `${path}.regex`) : null;
  const contains = o.contains !== undefined ? c.strList(o.contains, `${path}.contains`) : null;
  const capture: Array<[string, string[]]> = [];
  if (o.capture !== undefined) {
    for (const [k, v] of Object.entries(c.obj(o.capture, `${path}.capture`))) {
      if (typeof v !== 'string') c.fail(`${path}.capture.${k}`, 'expected an expression like `unit|fields.description`');
      const exprs = v.split('|').map((s) => s.trim());
      for (const e of exprs) if (!/^(?:unit|host|source|ident|pid|message|fields\.[\w.-]+)$/.test(e)) c.fail(`${path}.capture.${k}`, `unknown expression "${e}"`);
      capture.push([k, exprs]);
    }
  }
  let weight: number | string = 1;
  if (o.weight !== undefined) {
    if (typeof o.weight === 'string' && /^fields\.[\w.-]+$/.test(o.weight)) weight = o.weight;
    else if (typeof o.weight === 'number' && Number.isInteger(o.weight) && o.weight >= 1 && o.weight <= MAX_WEIGHT) weight = o.weight;
    else c.fail(`${path}.weight`, `expected a whole number from 1 to ${MAX_WEIGHT} or a field like fields.count, got ${JSON.stringify(o.weight)}`);
  }
  const targets = o.in !== undefined ? c.strList(o.in, `${path}.in`) : ['message'];
  for (const t of targets) if (t !== 'message' && !t.startsWith('fields.')) c.fail(`${path}.in`, `"${t}" is neither message nor fields.<name>`);
  if (!regex && !contains && !fields.length && !o.source && !o.unit) c.fail(path, 'matches every event: give at least one of source, unit, fields, contains, regex');
  return {
    source: o.source !== undefined ? c.strList(o.source, `${path}.source`) : null,
    unit: o.unit !== undefined ? c.strList(o.unit, `${path}.unit`) : null,
    fields,
    contains,
    regex,
    literals: regex && !contains ? requiredLiterals(regex.source, regex.flags) : null,
    in: targets,
    notContains: o.not_contains !== undefined ? c.strList(o.not_contains, `${path}.not_contains`) : null,
    capture,
    weight,
  };
}

function signalSpec(c: Check, name: string, raw: unknown): SignalSpec {
  const path = `signals.${name}`;
  const o = c.obj(raw, path);
  if (o.any === undefined) return { name, any: [matchSpec(c, o, path, {})] };
  if (!Array.isArray(o.any) || o.any.length === 0) c.fail(`${path}.any`, 'expected a non-empty list of matches');
  const { any, ...shared } = o;
  return { name, any: (any as unknown[]).map((m, i) => matchSpec(c, m, `${path}.any[${i}]`, shared)) };
}

function wheres(c: Check, raw: unknown, path: string, aliases: Set<string>): Where[] {
  if (raw === undefined) return [];
  return Object.entries(c.obj(raw, path)).map(([capture, v]) => {
    const ne = v && typeof v === 'object' && 'not' in (v as Obj);
    const ref = ne ? (v as Obj).not : v;
    if (typeof ref !== 'string' || !/^\w+\.\w+$/.test(ref)) c.fail(`${path}.${capture}`, 'expected `<step alias>.<capture>` or `{not: <step alias>.<capture>}`');
    const [alias, field] = ref.split('.') as [string, string];
    if (!aliases.has(alias)) c.fail(`${path}.${capture}`, `"${alias}" is not an earlier step's alias`);
    return { capture, op: ne ? 'ne' : 'eq', alias, ref: field };
  });
}

function correlation(c: Check, raw: unknown, signals: Record<string, SignalSpec>): Correlation {
  const o = c.obj(raw, 'correlation');
  const known = (s: string, path: string) => {
    if (!signals[s]) c.fail(path, `unknown signal "${s}"`);
    return s;
  };
  const groupBy = c.strList(o.group_by, 'correlation.group_by').filter((g) => g !== 'host');
  switch (o.type) {
    case 'temporal': {
      const sigs = c.strList(o.signals, 'correlation.signals').map((s, i) => known(s, `correlation.signals[${i}]`));
      if (sigs.length < 2) c.fail('correlation.signals', 'temporal needs at least two signals that must occur together');
      return { type: 'temporal', signals: sigs, groupBy, timespan: c.duration(o.timespan, 'correlation.timespan') };
    }
    case 'event_count':
    case 'value_count': {
      const sigs = c.strList(o.signals, 'correlation.signals').map((s, i) => known(s, `correlation.signals[${i}]`));
      if (!sigs.length) c.fail('correlation.signals', 'expected at least one signal');
      const cond = c.obj(o.condition, 'correlation.condition');
      const base = { signals: sigs, groupBy, timespan: c.duration(o.timespan, 'correlation.timespan'), gte: c.int(cond.gte, 'correlation.condition.gte') };
      if (o.type === 'event_count') return { type: 'event_count', ...base };
      return { type: 'value_count', ...base, field: c.str(o, 'field', 'correlation.') };
    }
    case 'temporal_ordered': {
      if (!Array.isArray(o.steps) || o.steps.length < 1) c.fail('correlation.steps', 'expected a list of steps');
      const aliases = new Set<string>();
      const steps: Step[] = (o.steps as unknown[]).map((s, i) => {
        const p = `correlation.steps[${i}]`;
        const so = c.obj(s, p);
        const step: Step = {
          signal: known(c.str(so, 'signal', `${p}.`), `${p}.signal`),
          as: so.as === undefined ? `step${i + 1}` : c.str(so, 'as', `${p}.`),
          within: so.within === undefined ? null : c.duration(so.within, `${p}.within`),
          where: wheres(c, so.where, `${p}.where`, aliases),
        };
        aliases.add(step.as);
        return step;
      });
      const absent: Absent[] = (Array.isArray(o.absent) ? o.absent : o.absent === undefined ? [] : [o.absent]).map((a: unknown, i: number) => {
        const p = `correlation.absent[${i}]`;
        const ao = c.obj(a, p);
        const after = c.str(ao, 'after', `${p}.`);
        if (!aliases.has(after)) c.fail(`${p}.after`, `"${after}" is not a step alias`);
        return {
          signal: known(c.str(ao, 'signal', `${p}.`), `${p}.signal`),
          after,
          within: ao.within === undefined ? null : c.duration(ao.within, `${p}.within`),
          where: wheres(c, ao.where, `${p}.where`, aliases),
        };
      });
      const mergeBy = c.strList(o.merge_by, 'correlation.merge_by');
      for (const m of mergeBy) if (!/^\w+\.\w+$/.test(m) || !aliases.has(m.split('.')[0]!)) c.fail('correlation.merge_by', `"${m}" is not <step alias>.<capture>`);
      return { type: 'temporal_ordered', groupBy, steps, absent, mergeBy };
    }
    default:
      return c.fail('correlation.type', `expected event_count, value_count, temporal or temporal_ordered, got ${JSON.stringify(o.type)}`);
  }
}

function samples(c: Check, raw: unknown, kind: 'positive' | 'negative'): Sample[] {
  const list = raw === undefined ? [] : raw;
  if (!Array.isArray(list) || list.length === 0) c.fail(`samples.${kind}`, 'expected at least one sample');
  return list.map((s, i) => {
    const p = `samples.${kind}[${i}]`;
    const o = c.obj(s, p);
    return {
      name: c.str(o, 'name', `${p}.`),
      format: o.format === undefined ? null : c.str(o, 'format', `${p}.`),
      log: c.str(o, 'log', `${p}.`),
      findings: o.findings === undefined ? null : c.int(o.findings, `${p}.findings`),
    };
  });
}

function resolveSpec(c: Check, raw: unknown, sigs: Record<string, SignalSpec>): Rule['resolve'] {
  if (raw === undefined || raw === null) return null;
  const o = c.obj(raw, 'resolve');
  for (const k of Object.keys(o)) if (k !== 'signal' && k !== 'within') c.fail(`resolve.${k}`, 'unknown key (expected signal, within)');
  const signal = c.str(o, 'signal', 'resolve.');
  if (!sigs[signal]) c.fail('resolve.signal', `unknown signal "${signal}"`);
  return { signal, within: o.within === undefined ? null : c.duration(o.within, 'resolve.within') };
}

/** Validates one rule document; `file` names it in errors. */
export function parseRule(text: string, file: string): Rule {
  const c = new Check(file);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw failure(file, `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const o = c.obj(doc, '(document)');
  const id = c.str(o, 'id', '');
  const stem = basename(file).replace(/\.ya?ml$/, '');
  if (stem !== id) c.fail('id', `"${id}" must equal the file name "${stem}"`);
  const severity = c.str(o, 'severity', '') as Rule['severity'];
  if (!SEVERITIES.includes(severity)) c.fail('severity', `expected one of ${SEVERITIES.join(', ')}`);
  const sigs: Record<string, SignalSpec> = {};
  for (const [name, spec] of Object.entries(c.obj(o.signals, 'signals'))) sigs[name] = signalSpec(c, name, spec);
  const sampleObj = c.obj(o.samples, 'samples');
  const evidence = c.strList(o.evidence, 'evidence');
  for (const [i, e] of evidence.entries()) if (!sigs[e]) c.fail(`evidence[${i}]`, `unknown signal "${e}"`);
  return {
    id,
    file,
    title: c.str(o, 'title', ''),
    severity,
    description: c.str(o, 'description', ''),
    remediation: c.str(o, 'remediation', ''),
    references: c.strList(o.references, 'references'),
    falsepositives: c.strList(o.falsepositives, 'falsepositives'),
    tags: c.strList(o.tags, 'tags'),
    signals: sigs,
    correlation: correlation(c, o.correlation, sigs),
    evidence,
    evidenceMargin: o.evidence_margin === undefined ? 120e6 : c.duration(o.evidence_margin, 'evidence_margin'),
    unless: (Array.isArray(o.unless) ? o.unless : o.unless === undefined ? [] : [o.unless]).map((u: unknown, i: number) => {
      const uo = c.obj(u, `unless[${i}]`);
      const signal = c.str(uo, 'signal', `unless[${i}].`);
      if (!sigs[signal]) c.fail(`unless[${i}].signal`, `unknown signal "${signal}"`);
      return { signal, before: c.duration(uo.before, `unless[${i}].before`) };
    }),
    resolve: resolveSpec(c, o.resolve, sigs),
    causes: c.strList(o.causes, 'causes').map((id, i) => (/^[a-z0-9][a-z0-9-]*$/.test(id) ? id : c.fail(`causes[${i}]`, `"${id}" is not a rule id`))),
    summary: c.str(o, 'summary', ''),
    samples: { positive: samples(c, sampleObj.positive, 'positive'), negative: samples(c, sampleObj.negative, 'negative') },
  };
}

/** Loads every `*.yaml` rule of the given directories; ids must be unique across them. */
export function loadRules(dirs: readonly string[]): Rule[] {
  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) throw new Error('not a directory');
      names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
    } catch (err) {
      throw failure(dir, `cannot read rules: ${(err as Error).message}`);
    }
    for (const n of names) {
      const file = join(dir, n);
      const rule = parseRule(readFileSync(file, 'utf8'), file);
      const prev = seen.get(rule.id);
      if (prev) throw failure(file, `rule id "${rule.id}" is already defined by ${prev}`);
      seen.set(rule.id, file);
      rules.push(rule);
    }
  }
  return rules;
}

/** A fingerprint of the rule set: stored signals are recomputed when it changes. */
export function rulesHash(rules: readonly Rule[]): string {
  const h = createHash('sha256');
  for (const r of [...rules].sort((a, b) => a.id.localeCompare(b.id))) h.update(r.id).update(readFileSync(r.file));
  return h.digest('hex').slice(0, 16);
}
