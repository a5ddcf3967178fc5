// Which file of a bundle is which: a table of path patterns from the layouts real collectors
// write (formats.md §5, §7, §8). The first matching row wins; its captures name the daemon, the
// pod and container, or the node. Files no row names are judged by their content.

/** What a member is, from its path inside the bundle. */
export interface Role {
  /** Shown in the inventory: `kubelet journal`, `CRI container log`, `bundle metadata`. */
  kind: string;
  /** Component of lines that do not name one (bare files), or null to take it from each line. */
  source: string | null;
  /** Envelope format when the path settles it (CRI logs look like other timestamped lines). */
  format: string | null;
  /** Not a log at all: skipped with this reason. */
  skip: string | null;
  /** Container identity from kubelet's log paths, added to every event of the file. */
  fields: Record<string, string> | null;
}

interface Row {
  re: RegExp;
  kind: string;
  source?: string | ((m: RegExpExecArray) => string | null);
  format?: string;
  skip?: string;
  fields?: (m: RegExpExecArray) => Record<string, string>;
}

const UNIT_SOURCE: Record<string, string> = { docker: 'dockerd', kubelet: 'kubelet', containerd: 'containerd', crio: 'crio', 'kubelet-eks': 'kubelet' };
const unit = (u: string | undefined) => (u ? (UNIT_SOURCE[u.replace(/\.service$/, '')] ?? u.replace(/\.service$/, '')) : null);
const ROT = '(?:[.-]\\d[\\d-]*)?(?:\\.gz|\\.xz|\\.zst|\\.bz2)?';

const ROWS: Row[] = [
  // sos: journal command outputs, their metadata, and what is not a log.
  { re: /(?:^|\/)sos_commands\/[^/]+\/journalctl_--(?:disk-usage|list-boots)[^/]*$/, kind: 'journalctl metadata', skip: 'journalctl metadata (disk usage, boot list), not a log' },
  { re: /(?:^|\/)sos_commands\/[^/]+\/journalctl_--no-pager(?:_--catalog)?_--unit_([\w@.-]+?)(?:_--[\w-]+)*$/, kind: 'unit journal (sos)', source: (m) => unit(m[1]) },
  { re: /(?:^|\/)sos_commands\/[^/]+\/journalctl_--no-pager(?:_--[\w-]+)*$/, kind: 'journal (sos)' },
  { re: /(?:^|\/)sos_(?:logs|reports|strings)\//, kind: 'sos metadata', skip: "sos's own logs and reports, not the node's" },
  // must-gather / oc adm inspect
  { re: /(?:^|\/)host_service_logs\/[^/]+\/([\w@.-]+?)_service\.log$/, kind: 'unit journal (oc adm node-logs)', source: (m) => unit(m[1]) },
  { re: /(?:^|\/)namespaces\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/\3\/logs\/(?:current|previous)(?:\.insecure)?\.log$/, kind: 'container log (pod log API, timestamps)', format: 'timestamped', source: (m) => m[3]!, fields: (m) => ({ namespace: m[1]!, pod: m[2]!, container: m[3]! }) },
  { re: /(?:^|\/)namespaces\/([^/]+)\/pods\/([^/]+)\/([^/]+)\/\3\/logs\/rotated\/\d+\.log[^/]*$/, kind: 'CRI container log (rotated)', format: 'cri', source: (m) => m[3]!, fields: (m) => ({ namespace: m[1]!, pod: m[2]!, container: m[3]! }) },
  { re: /(?:^|\/)(?:core\/)?events\.ya?ml$/, kind: 'kubernetes events (YAML)', format: 'kubectl-events-yaml' },
  { re: /(?:^|\/)must-gather\.logs$|(?:^|\/)timestamp$|(?:^|\/)event-filter\.html$|(?:^|\/)gather\.logs$/, kind: 'must-gather metadata', skip: "must-gather's own record, not the cluster's" },
  // kubectl cluster-info dump
  { re: /(?:^|\/)events\.json$/, kind: 'kubernetes events (JSON)', format: 'kubectl-events' },
  { re: /(?:^|\/)([^/]+)\/([^/]+)\/logs\.txt$/, kind: 'pod logs (cluster-info dump)', format: 'cluster-dump-logs', fields: (m) => ({ namespace: m[1]!, pod: m[2]! }) },
  // kubelet's container logs (pods/ and the flat containers/ links), docker json-file logs.
  { re: /(?:^|\/)pods\/([a-z0-9.-]+)_([a-z0-9.-]+)_([0-9a-f-]{8,})\/([a-z0-9.-]+)\/\d+\.log(?:\.\d{8}-\d{6})?(?:\.gz)?$/, kind: 'container log (kubelet pods/)', source: (m) => m[4]!, fields: (m) => ({ namespace: m[1]!, pod: m[2]!, container: m[4]! }) },
  { re: /(?:^|\/)containers\/([a-z0-9.-]+)_([a-z0-9.-]+)_([a-z0-9.-]+)-([0-9a-f]{64})\.log$/, kind: 'container log (kubelet containers/)', source: (m) => m[3]!, fields: (m) => ({ pod: m[1]!, namespace: m[2]!, container: m[3]!, container_id: m[4]! }) },
  { re: /(?:^|\/)([0-9a-f]{64})-json\.log(?:\.\d+|-\d{8}-\d+)?(?:\.gz)?$/, kind: 'docker json-file log', format: 'docker-json', fields: (m) => ({ container_id: m[1]! }) },
  // Daemon logs by name: EKS, GKE log-dump, kind, aks-periscope keys, hand-made folders.
  { re: new RegExp(`(?:^|/)(?:kubelet|kubelet_service|kubelet-eks)(?:\\.log|\\.txt)?${ROT}$`), kind: 'kubelet log', source: 'kubelet' },
  { re: new RegExp(`(?:^|/)(?:docker|dockerd)(?:\\.log|\\.txt)?${ROT}$`), kind: 'docker log', source: 'dockerd' },
  { re: new RegExp(`(?:^|/)containerd(?:-log|\\.log)(?:\\.txt)?${ROT}$`), kind: 'containerd log', source: 'containerd' },
  { re: /(?:^|\/)containerd\.[\w.-]*stacks\.log$/, kind: 'containerd goroutine dump', skip: 'goroutine dump, not a log' },
  { re: new RegExp(`(?:^|/)crio(?:\\.log)?${ROT}$`), kind: 'CRI-O log', source: 'crio' },
  { re: new RegExp(`(?:^|/)(kube-proxy|node-problem-detector|kube-apiserver|kube-controller-manager|kube-scheduler|etcd|flanneld|cloud-init|startupscript)(?:\\.log)?${ROT}$`), kind: 'daemon log', source: (m) => (m[1] === 'cloud-init' || m[1] === 'startupscript' ? null : m[1]!) },
  { re: /(?:^|\/)(?:dmesg(?:\.txt|\.log|\.current|\.human\.current|\.boot)?|kern\.log(?:[.-]\d[\d-]*)?(?:\.gz)?)$/, kind: 'kernel log', source: 'kernel' },
  { re: new RegExp(`(?:^|/)(?:messages|syslog|daemon\\.log|journal\\.log|serial(?:-\\d)?\\.log)${ROT}$`), kind: 'system log' },
  { re: /\.journal~?$/, kind: 'binary journal file' },
  { re: /(?:^|\/)systemctl[-_]status[^/]*$/, kind: 'systemctl status', format: 'systemctl-status' },
  { re: /(?:^|\/)README[^/]*$|\.(?:md|markdown|rst|png|jpe?g|gif|svg|pdf|html?|css|js|py|sh|pem|crt|key)$/i, kind: 'document', skip: 'not a log (documentation, image, script or key)' },
  // Metadata the plan reads but never stores.
  { re: /(?:^|\/)(?:hostname|date|uptime|uname|version\.txt|version|kind-version\.txt|kubernetes-version\.txt|instance-id\.txt|region\.txt|last_reboot\.txt|timedatectl|date_--utc|etc\/timezone)$/, kind: 'bundle metadata', skip: 'bundle metadata (read for host and time, not stored)' },
];

/** The role of a member from its path, or null when only its content can tell. */
export function roleOf(name: string): Role | null {
  for (const r of ROWS) {
    const m = r.re.exec(name);
    if (!m) continue;
    const source = typeof r.source === 'function' ? r.source(m) : (r.source ?? null);
    return { kind: r.kind, source, format: r.format ?? null, skip: r.skip ?? null, fields: r.fields ? r.fields(m) : null };
  }
  return null;
}

/**
 * Rotation chain and position of a file: `kubelet.log.1` and `kubelet.log` share the chain
 * `kubelet.log`; older files sort first (larger `.N` is older, dates sort as written, the live
 * file is last), as logrotate, kubelet and docker name them (formats.md §8).
 */
export function rotationOf(name: string): { chain: string; order: string } {
  const plain = name.replace(/\.(gz|xz|zst|bz2)$/, '');
  let m = /^(.*)\.(\d{1,3})$/.exec(plain);
  if (m) return { chain: m[1]!, order: `0:${String(1000 - Number(m[2])).padStart(4, '0')}` };
  m = /^(.*\.log)\.(\d{8}-\d{6})$/.exec(plain) ?? /^(.*?)-(\d{8}(?:-\d+)?)$/.exec(plain) ?? /^(.*?)-(\d{8}-\d{6})(\.log)$/.exec(plain);
  if (m) return { chain: m[1]! + (m[3] ?? ''), order: `0:${m[2]}` };
  return { chain: plain, order: '1:live' };
}

/** Date a rotated file's name carries (`messages-20240130`, `0.log.20240130-101500`), µs at the end of that day, or null. */
export function rotationDateUs(name: string): number | null {
  const m = /[.-](20\d\d)(\d\d)(\d\d)(?:-(\d\d)(\d\d)(\d\d))?(?:[.-]|$)/.exec(name);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return m[4] ? Date.UTC(y, mo - 1, d, Number(m[4]), Number(m[5]), Number(m[6])) * 1000 : Date.UTC(y, mo - 1, d, 23, 59, 59) * 1000;
}
