// `--redact`: secrets masked in what kubesleuth prints and writes (findings, evidence, timeline,
// search hits, reports), never in the store, which keeps the raw lines. IP addresses and email
// addresses are personal data some bundles must not leave with; they are masked on request.

/** What to mask besides secrets. */
export interface RedactOptions {
  ips: boolean;
  emails: boolean;
}

const MASK = '[REDACTED]';
const MAX_LABELS = 100_000;
const KEYS = 'passw(?:or)?d|pwd|secret|client[_-]?secret|token|auth[_-]?token|access[_-]?token|refresh[_-]?token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key';

// Each pattern keeps its context (the key, the scheme and user) and masks the secret itself.
const SECRETS: Array<[RegExp, string]> = [
  // PEM private keys, whole.
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g, MASK],
  // Authorization: Bearer/Basic <token>, also in Go's printed headers (map[Authorization:[Bearer …]]).
  [/\b(Bearer|Basic)(\s+|%20)[A-Za-z0-9\-._~+/]{8,}=*/g, `$1$2${MASK}`],
  // JSON Web Tokens (service-account tokens) wherever they appear.
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, MASK],
  // user:password@ in URLs (registries, proxies, databases).
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)[^\s@/]+@/gi, `$1${MASK}@`],
  // password=…, "token": "…", api_key: …, --client-secret … (not the word itself in prose).
  [new RegExp(`(\\b(?:${KEYS})\\b\\\\?["']?\\s*[:=]\\s*\\\\?["']?|--(?:${KEYS})[ =])(?!\\[REDACTED\\])[^\\s"'\\\\,;&}\\]]{4,}`, 'gi'), `$1${MASK}`],
  // Cloud access keys.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, MASK],
];

// A sentence may end right after an address ("from 10.0.0.5."); a fifth number may not follow.
const IPV4 = /(?<![\w.])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?!\w|\.\d)/g;
// IPv6 candidates: hex groups and colons; kept only when compressed once ('::') or full (seven
// colons), which leaves times (02:38:08) and MAC addresses (six pairs) alone.
const IPV6 = /(?<![\w:.])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])/gi;
const isIpv6 = (m: string) => /[0-9a-f]/i.test(m) && (m.split('::').length === 2 || (!m.includes('::') && m.split(':').length === 8));
const EMAIL = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;

/**
 * A function masking secrets (and IPs, emails when asked) in one text. An address gets the same
 * label each time it appears in one output ([IP-1], [EMAIL-2]): nodes and clients stay apart.
 */
export function redactor(o: RedactOptions): (text: string) => string {
  const labels = new Map<string, string>();
  const counts = new Map<string, number>();
  const label = (kind: string) => (m: string) => {
    let l = labels.get(m);
    if (l) return l;
    // A long watch sees addresses without end: past the cap they share one label.
    if (labels.size >= MAX_LABELS) return `[${kind}]`;
    const n = (counts.get(kind) ?? 0) + 1;
    counts.set(kind, n);
    labels.set(m, (l = `[${kind}-${n}]`));
    return l;
  };
  return (text) => {
    let t = text;
    for (const [re, to] of SECRETS) t = t.replace(re, to);
    if (o.emails) t = t.replace(EMAIL, label('EMAIL'));
    if (o.ips) {
      t = t.replace(IPV4, label('IP'));
      t = t.replace(IPV6, (m) => (isIpv6(m) ? label('IP')(m.toLowerCase()) : m));
    }
    return t;
  };
}

/** A copy of a JSON value with every string masked (keys kept): for documents printed as JSON. */
export function redactDeep<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, mask)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, mask)])) as T;
  return value;
}

/** The `--redact` options every printing command takes. */
export const REDACT_OPTIONS = {
  redact: { type: 'boolean' },
  'redact-ips': { type: 'boolean' },
  'redact-emails': { type: 'boolean' },
} as const;

/** Help lines for them. */
export const REDACT_HELP = `  --redact           mask secrets in the output (tokens, passwords, keys); the
                     store keeps the raw lines
  --redact-ips       also mask IP addresses (implies --redact)
  --redact-emails    also mask email addresses (implies --redact)`;

/** The masking function the options ask for, or null when output is printed as stored. */
export function redactionOf(v: { redact?: boolean; 'redact-ips'?: boolean; 'redact-emails'?: boolean }): ((text: string) => string) | null {
  if (!v.redact && !v['redact-ips'] && !v['redact-emails']) return null;
  return redactor({ ips: !!v['redact-ips'], emails: !!v['redact-emails'] });
}
