// Which component wrote a line, from its syslog identifier or file name. The identifiers are
// the ones real nodes use: `docker` and `dockerd` for the daemon (seed 000 has both),
// `kubenswrapper` for OpenShift's kubelet, `hyperkube` for old all-in-one kubelets.
const ALIASES: Record<string, string> = {
  kubelet: 'kubelet',
  kubenswrapper: 'kubelet',
  'kubelet-wrapper': 'kubelet',
  'kubelet-eks': 'kubelet',
  hyperkube: 'kubelet',
  dockerd: 'dockerd',
  docker: 'dockerd',
  'dockerd-current': 'dockerd',
  'docker-current': 'dockerd',
  containerd: 'containerd',
  'docker-containerd': 'containerd',
  'docker-containerd-current': 'containerd',
  'containerd-shim': 'containerd',
  'containerd-shim-runc-v2': 'containerd',
  crio: 'crio',
  'cri-o': 'crio',
  conmon: 'crio',
  systemd: 'systemd',
  kernel: 'kernel',
  'kube-proxy': 'kube-proxy',
  flanneld: 'flanneld',
  etcd: 'etcd',
};

/** The normalised component for an identifier (`docker` → `dockerd`), or the identifier itself. */
export function sourceOf(ident: string): string {
  const known = ALIASES[ident] ?? ALIASES[ident.toLowerCase()];
  if (known) return known;
  // journalctl -o with-unit prints the unit instead of the identifier (`kubelet.service[4242]`, `init.scope[1]`).
  if (ident === 'init.scope') return 'systemd';
  if (ident.endsWith('.service')) return sourceOf(ident.slice(0, -8));
  return ident;
}

/** The component a log file's name points to (`kubelet.log` → kubelet, `docker.log.1` → dockerd), or null. */
export function sourceOfFileName(name: string): string | null {
  const stem = (name.split('/').pop() ?? name).replace(/(\.gz)?$/, '').replace(/(\.\d+|-\d{8}(-\d+)?)$/, '').replace(/\.(log|txt)$/, '');
  const known = ALIASES[stem.toLowerCase()];
  if (known) return known;
  const head = /^(kubelet|docker|dockerd|containerd|crio|kube-proxy|flanneld|etcd)\b/i.exec(stem);
  return head ? (ALIASES[head[1]!.toLowerCase()] ?? null) : null;
}
