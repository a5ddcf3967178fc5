// Which node ran which pod, from the Pod objects bundles carry beside pod logs (cluster-info
// dump's `<ns>/pods.json`, must-gather's `pods.yaml` and `pods/<pod>/<pod>.yaml`), so that a pod's
// log is filed under its node rather than under no host at all.

/** Member names whose whole text pass one keeps for `podNodes`. */
export const POD_OBJECTS = /(?:^|\/)pods\.(?:json|ya?ml)$|(?:^|\/)pods\/([^/]+)\/\1\.ya?ml$/;

/** Largest Pod object file read whole; a bigger one is left alone (its pods get no node). */
export const POD_OBJECTS_MAX = 16 * 1024 * 1024;

interface PodJson {
  metadata?: { name?: unknown; namespace?: unknown };
  spec?: { nodeName?: unknown };
}

/** `namespace/pod` → node name, from the text of Pod or PodList files (JSON or kubectl's YAML). */
export function podNodes(texts: Iterable<string>): Map<string, string> {
  const out = new Map<string, string>();
  const add = (ns: unknown, pod: unknown, node: unknown) => {
    if (typeof ns === 'string' && typeof pod === 'string' && typeof node === 'string' && node) out.set(`${ns}/${pod}`, node);
  };
  for (const text of texts) {
    const t = text.trimStart();
    if (t.startsWith('{')) {
      let doc: { items?: PodJson[] } & PodJson;
      try {
        doc = JSON.parse(t) as typeof doc;
      } catch {
        continue;
      }
      for (const p of Array.isArray(doc.items) ? doc.items : [doc]) add(p?.metadata?.namespace, p?.metadata?.name, p?.spec?.nodeName);
      continue;
    }
    // kubectl's YAML: list items start at column 0 (`- apiVersion:`), a single object is one item.
    for (const item of t.split(/^- (?=\w)/m)) {
      const meta = /^( *)metadata:[ \t]*\n((?:\1 +\S.*\n?|[ \t]*\n)*)/m.exec(item);
      if (!meta) continue;
      const indent = `${meta[1]}  `;
      const field = (k: string) => new RegExp(`^${indent}${k}:[ \\t]*["']?([\\w.-]+)`, 'm').exec(meta[2]!)?.[1];
      add(field('namespace'), field('name'), /^ +nodeName:[ \t]*["']?([\w.-]+)/m.exec(item)?.[1]);
    }
  }
  return out;
}
