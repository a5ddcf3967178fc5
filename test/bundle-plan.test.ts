// The bundle plan's judgements on their own: one node under two host names, Pod objects naming
// the node of a pod's log, and text that looks like a log but holds none.
import { describe, expect, it } from 'vitest';
import { foldHostAliases } from '../src/bundle/plan.js';
import { podNodes } from '../src/bundle/pods.js';
import { probeHead } from '../src/bundle/probe.js';

describe('the bundle plan', () => {
  it("folds rsyslog's short host name into the journal's FQDN of the same node", () => {
    const counts = new Map([['ip-192-168-71-14.us-west-2.compute.internal', 86], ['ip-192-168-71-14', 96]]);
    expect(foldHostAliases(counts)).toEqual(new Map([['ip-192-168-71-14', 'ip-192-168-71-14.us-west-2.compute.internal']]));
    expect(counts).toEqual(new Map([['ip-192-168-71-14.us-west-2.compute.internal', 182]]));
  });

  it('leaves distinct nodes, IP addresses and ambiguous short names alone', () => {
    const counts = new Map([['node-1', 3], ['node-2.example.com', 2], ['10.0.0.1', 1], ['10', 1], ['web.a.com', 1], ['web.b.com', 1], ['web', 1]]);
    expect(foldHostAliases(counts)).toBeNull();
    expect(counts.size).toBe(7);
  });

  it('maps pods to nodes from a PodList in JSON and from kubectl YAML, list or single object', () => {
    const json = JSON.stringify({ kind: 'PodList', items: [
      { metadata: { name: 'proxy-7d5c8b9f6-qx2lw', namespace: 'staging', ownerReferences: [{ name: 'proxy-7d5c8b9f6' }] }, spec: { nodeName: 'gke-a-x7k9', containers: [{ name: 'proxy' }] } },
      { metadata: { name: 'pending-1', namespace: 'staging' }, spec: {} },
    ] });
    const list = [
      'apiVersion: v1', 'items:', '- apiVersion: v1', '  kind: Pod', '  metadata:', '    labels:', '      app: etcd', '    name: etcd-master-0', '    namespace: openshift-etcd',
      '    ownerReferences:', '    - name: master-0', '  spec:', '    containers:', '    - name: etcd', '    nodeName: master-0',
      '- apiVersion: v1', '  kind: Pod', '  metadata:', '    name: etcd-master-1', '    namespace: openshift-etcd', '  spec:', '    nodeName: master-1',
      'kind: List', 'metadata:', '  resourceVersion: ""',
    ].join('\n');
    const single = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: etcd-master-2', '  namespace: openshift-etcd', 'spec:', '  nodeName: "master-2"', ''].join('\n');
    expect(podNodes([json, list, single, '{ cut mid-obj'])).toEqual(new Map([
      ['staging/proxy-7d5c8b9f6-qx2lw', 'gke-a-x7k9'],
      ['openshift-etcd/etcd-master-0', 'master-0'],
      ['openshift-etcd/etcd-master-1', 'master-1'],
      ['openshift-etcd/etcd-master-2', 'master-2'],
    ]));
  });

  it('tells systemctl cat output and journal output with no entries from logs', () => {
    const unit = probeHead(Buffer.from('# /etc/systemd/system/kubelet.service\n[Unit]\nDescription=Kubernetes Kubelet\nAfter=docker.service\n'), 'kubelet_service.txt');
    expect(unit.notLog).toMatch(/unit file/);
    const empty = probeHead(Buffer.from('-- Logs begin at Wed 2019-08-21 08:57:14 UTC, end at Wed 2019-08-21 09:41:14 UTC. --\n-- No entries --\n'), 'containerd-log.txt');
    expect(empty.notLog).toMatch(/no entries/);
    const log = probeHead(Buffer.from('-- Logs begin at Wed 2019-08-21 08:57:14 UTC, end at Wed 2019-08-21 09:41:14 UTC. --\nAug 21 08:57:38 ip-1 dockerd[3712]: time="2019-08-21T08:57:38.1Z" level=info msg="x"\n'), 'docker.log');
    expect(log.notLog).toBeNull();
  });
});
