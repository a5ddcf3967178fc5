// `kubectl cluster-info dump --output-directory` logs.txt as kubectl writes it (cmd/clusterinfo
// clusterinfo_dump.go): START/END blocks, a fetch error, a log without a final newline (formats.md §7.4).
import type { FramedCase } from './kubectl-table.js';

const PROXY_POD = 'kube-proxy-gke-prod-a-default-pool-6ab3d8ec-0h28';

const LOGS_TXT = `==== START logs for container kube-proxy of pod kube-system/${PROXY_POD} ====
I1130 23:20:11.512043       1 server.go:478] Using iptables Proxier.
W1130 23:20:11.531182       1 server.go:521] Failed to retrieve node info: nodes "gke-prod-a-default-pool-6ab3d8ec-0h28" not found
I1130 23:20:11.531305       1 server_others.go:140] Using iptables Proxier.
==== END logs for container kube-proxy of pod kube-system/${PROXY_POD} ====
==== START logs for container nginx of pod prod/proxy-fd9c4f59b-pjhth ====
Request log error: the server rejected our request for an unknown reason (get pods proxy-fd9c4f59b-pjhth)
==== END logs for container nginx of pod prod/proxy-fd9c4f59b-pjhth ====
==== START logs for container chp of pod prod/proxy-fd9c4f59b-pjhth ====
23:22:18.120 - info: [ConfigProxy] Proxying http://*:8000 to http://hub:8081

23:22:20.337 - error: [ConfigProxy] 503 GET /user/abc/api/kernels connect ECONNREFUSED 10.15.245.33:8081==== END logs for container chp of pod prod/proxy-fd9c4f59b-pjhth ====
`;

/** logs.txt texts and what parse must give for each record that is not skipped (null: counted as unparsed). */
export const clusterDumpCases: FramedCase[] = [
  {
    name: 'container log lines carry their container, pod and namespace; a fetch error is unparsed; the END marker is cut off a last line',
    input: LOGS_TXT,
    expect: [
      { time: null, ident: 'kube-proxy', message: 'I1130 23:20:11.512043       1 server.go:478] Using iptables Proxier.', fields: { pod: PROXY_POD, namespace: 'kube-system', container: 'kube-proxy' } },
      { ident: 'kube-proxy', message: 'W1130 23:20:11.531182       1 server.go:521] Failed to retrieve node info: nodes "gke-prod-a-default-pool-6ab3d8ec-0h28" not found' },
      { ident: 'kube-proxy' },
      null,
      { ident: 'chp', message: '23:22:18.120 - info: [ConfigProxy] Proxying http://*:8000 to http://hub:8081', fields: { pod: 'proxy-fd9c4f59b-pjhth', namespace: 'prod', container: 'chp' } },
      { ident: 'chp', message: '23:22:20.337 - error: [ConfigProxy] 503 GET /user/abc/api/kernels connect ECONNREFUSED 10.15.245.33:8081' },
    ],
  },
  {
    name: 'the JSON objects of a stdout dump around the blocks are skipped',
    input: `{\n    "kind": "NodeList",\n    "apiVersion": "v1",\n    "items": []\n}\n==== START logs for container etcd of pod kube-system/etcd-master-0 ====\n2024-01-02 03:04:05.123456 W | etcdserver: read-only range request took too long (1.2s) to execute\n==== END logs for container etcd of pod kube-system/etcd-master-0 ====\n`,
    expect: [{ ident: 'etcd', fields: { pod: 'etcd-master-0', container: 'etcd' } }],
  },
];
