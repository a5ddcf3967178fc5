// kubectl get tables as kubectl 1.9 (minimum cell width 10) and 1.28 (6) print them, padding 3
// (tabwriter layout reproduced exactly), rows re-spaced by a paste, and seed 004's pods (formats.md §6.3).
import type { FramedCase } from './kubectl-table.js';

const M = 60e6;
const N2SK = 'gke-prod-a-ssd-pool-32-134a959a-n2sk';
const NOW = { kind: 'ago', us: 0 };

const PODS_1_9 = `NAME                                  READY     STATUS              RESTARTS   AGE       IP           NODE
binderhub-7c9d5fd8b9-2xqzv            1/1       Running             0          2d        10.12.1.14   gke-prod-a-ssd-pool-32-134a959a-1j33
hub-65d9f46698-dj4jb                  0/1       Unknown             0          5h        10.12.3.4    gke-prod-a-ssd-pool-32-134a959a-n2sk
hub-65d9f46698-dmlcv                  0/1       ContainerCreating   0          5h        <none>       gke-prod-a-ssd-pool-32-134a959a-6hmq
prometheus-server-6d9c8d6bd4-wq2mg    2/2       NodeLost            0          9d        10.12.5.22   gke-prod-a-ssd-pool-32-134a959a-bmsw
proxy-fd9c4f59b-pjhth                 2/2       Running             13         2d        10.12.1.9    gke-prod-a-ssd-pool-32-134a959a-1j33
jupyter-binder-2dexamples-2dr-abc12   0/1       Terminating         0          6h        10.12.3.17   gke-prod-a-ssd-pool-32-134a959a-n2sk
`;
const PODS_WIDE_ALL = `NAMESPACE     NAME                       READY   STATUS                  RESTARTS       AGE   IP            NODE     NOMINATED NODE   READINESS GATES
default       web-0                      0/1     CrashLoopBackOff        163 (2m ago)   42m   10.1.2.3      node-1   <none>           <none>
kube-system   coredns-5d78c9869d-8xk2p   1/1     Running                 0              3d    10.1.0.2      node-2   <none>           <none>
default       web-1                      1/2     Running                 4 (10m ago)    42m   10.1.2.4      node-1   <none>           <none>
default       batch-28417860-x2v9k       0/1     Completed               0              5m    10.1.2.9      node-2   <none>           <none>
default       api-7d4b9c-qq9tp           0/1     Pending                 0              12s   <none>        <none>   <none>           <none>
kube-system   calico-node-7xk2d          0/1     Init:CrashLoopBackOff   12 (3m ago)    40m   10.128.0.12   node-3   <none>           <none>
`;
const NODES_1_9 = `NAME                                   STATUS                        ROLES     AGE       VERSION
gke-prod-a-ssd-pool-32-134a959a-1j33   Ready                         <none>    6d        v1.9.2-gke.1
gke-prod-a-ssd-pool-32-134a959a-n2sk   NotReady,SchedulingDisabled   <none>    6d        v1.9.2-gke.1
gke-prod-a-ssd-pool-32-134a959a-bmsw   NotReady                      <none>    6d        v1.9.2-gke.1
`;
const EVENTS_ALL = `NAMESPACE   LAST SEEN   TYPE      REASON         OBJECT                                       MESSAGE
prod        5h12m       Warning   NodeNotReady   pod/hub-65d9f46698-dj4jb                     Node is not ready
default     2m          Warning   BackOff        pod/web-0                                    Back-off restarting failed container app in pod web-0_default(9f4c1c0e-0d8e-4f0e-9a52-0c8a3f1d2e11)
default     42m         Normal    Scheduled      pod/web-0                                    Successfully assigned default/web-0 to node-1
default     58m         Warning   OOMKilling     node/gke-prod-a-default-pool-6ab3d8ec-0h28   Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child
`;
const EVENTS_WIDE = `LAST SEEN   TYPE      REASON       OBJECT        SUBOBJECT              SOURCE                   MESSAGE                                                                                               FIRST SEEN   COUNT   NAME
7m          Warning   BackOff      pod/web-0     spec.containers{app}   kubelet, node-1          Back-off restarting failed container app in pod web-0_default(9f4c1c0e-0d8e-4f0e-9a52-0c8a3f1d2e11)   42m          163     web-0.17a6b8c9d0e1f2a3
42m         Normal    Scheduled    pod/web-0                            default-scheduler        Successfully assigned default/web-0 to node-1                                                         42m          1       web-0.17a6b8c9c1d2e3f4
58m         Warning   OOMKilling   node/node-1                          kernel-monitor, node-1   Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child                 58m          1       node-1.17a6b8a1b2c3d4e5
`;
const EVENTS_1_9 = `LAST SEEN   FIRST SEEN   COUNT     NAME                                    KIND      SUBOBJECT                TYPE      REASON       SOURCE                                                  MESSAGE
2m          42m          163       proxy-fd9c4f59b-pjhth                   Pod       spec.containers{nginx}   Warning   BackOff      kubelet, gke-prod-a-default-pool-6ab3d8ec-jsv7          Back-off restarting failed container
58m         58m          1         gke-prod-a-default-pool-6ab3d8ec-0h28   Node                               Warning   OOMKilling   kernel-monitor, gke-prod-a-default-pool-6ab3d8ec-0h28   Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child
`;

/** Get tables and the envelopes they must give, in order (skip markers left out). */
export const kubectlGetCases: FramedCase[] = [
  {
    name: 'seed 004 pods in Unknown, NodeLost, ContainerCreating and Terminating become events on their nodes; Running ones do not',
    input: PODS_1_9,
    expect: [
      {
        time: NOW, host: N2SK, ident: 'kubectl', priority: 4, message: `pod hub-65d9f46698-dj4jb Unknown on ${N2SK} (ready 0/1, restarts 0, age 5h)`,
        fields: { pod: 'hub-65d9f46698-dj4jb', status: 'Unknown', ready: '0/1', restarts: 0, age: '5h', node: N2SK, ip: '10.12.3.4' },
      },
      { host: 'gke-prod-a-ssd-pool-32-134a959a-6hmq', fields: { pod: 'hub-65d9f46698-dmlcv', status: 'ContainerCreating' } },
      { host: 'gke-prod-a-ssd-pool-32-134a959a-bmsw', message: 'pod prometheus-server-6d9c8d6bd4-wq2mg NodeLost on gke-prod-a-ssd-pool-32-134a959a-bmsw (ready 2/2, restarts 0, age 9d)' },
      { host: N2SK, fields: { pod: 'jupyter-binder-2dexamples-2dr-abc12', status: 'Terminating', ip: '10.12.3.17' } },
    ],
  },
  {
    name: 'get pods -A -o wide (1.28): restarts with their last restart, a pod not ready while Running, an init container crash, an unscheduled pod',
    input: PODS_WIDE_ALL,
    expect: [
      {
        time: NOW, host: 'node-1', message: 'pod default/web-0 CrashLoopBackOff on node-1 (ready 0/1, restarts 163 (2m ago), age 42m)',
        fields: { pod: 'web-0', namespace: 'default', status: 'CrashLoopBackOff', restarts: 163, node: 'node-1', ip: '10.1.2.3' },
      },
      { host: 'node-1', fields: { pod: 'web-1', status: 'Running', ready: '1/2', restarts: 4 } },
      { host: null, message: 'pod default/api-7d4b9c-qq9tp Pending (ready 0/1, restarts 0, age 12s)', fields: { status: 'Pending' } },
      { host: 'node-3', fields: { pod: 'calico-node-7xk2d', namespace: 'kube-system', status: 'Init:CrashLoopBackOff', restarts: 12 } },
    ],
  },
  {
    name: 'get nodes (1.9): a cordoned NotReady node and a NotReady node; Ready ones are skipped',
    input: NODES_1_9,
    expect: [
      { time: NOW, host: N2SK, ident: 'kubectl', priority: 4, message: `node ${N2SK} NotReady,SchedulingDisabled (age 6d, version v1.9.2-gke.1)`, fields: { node: N2SK, status: 'NotReady,SchedulingDisabled', version: 'v1.9.2-gke.1' } },
      { host: 'gke-prod-a-ssd-pool-32-134a959a-bmsw', fields: { status: 'NotReady' } },
    ],
  },
  {
    name: 'get events -A (1.28): each row dated back by LAST SEEN; a Node event is hosted on that node',
    input: EVENTS_ALL,
    expect: [
      { time: { kind: 'ago', us: 5 * 60 * M + 12 * M }, host: null, priority: 4, message: 'Node is not ready', fields: { reason: 'NodeNotReady', object: 'pod/hub-65d9f46698-dj4jb', pod: 'hub-65d9f46698-dj4jb', namespace: 'prod' } },
      { time: { kind: 'ago', us: 2 * M }, fields: { reason: 'BackOff', namespace: 'default' } },
      { time: { kind: 'ago', us: 42 * M }, priority: 6, message: 'Successfully assigned default/web-0 to node-1' },
      { time: { kind: 'ago', us: 58 * M }, host: 'gke-prod-a-default-pool-6ab3d8ec-0h28', message: 'Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child', fields: { object: 'node/gke-prod-a-default-pool-6ab3d8ec-0h28' } },
    ],
  },
  {
    name: 'get events -o wide (1.28): the message sits between SOURCE and FIRST SEEN; empty SUBOBJECT cells stay empty',
    input: EVENTS_WIDE,
    expect: [
      {
        time: { kind: 'ago', us: 7 * M }, host: 'node-1', ident: 'kubelet', message: 'Back-off restarting failed container app in pod web-0_default(9f4c1c0e-0d8e-4f0e-9a52-0c8a3f1d2e11)',
        fields: { reason: 'BackOff', count: 163, first_seen_ago: 42 * 60, field_path: 'spec.containers{app}', object: 'pod/web-0' },
      },
      { host: null, ident: 'default-scheduler', message: 'Successfully assigned default/web-0 to node-1', fields: { count: 1 } },
      { host: 'node-1', ident: 'kernel-monitor', fields: { reason: 'OOMKilling' } },
    ],
  },
  {
    name: 'get events in the old column order (1.9): NAME and KIND name the object',
    input: EVENTS_1_9,
    expect: [
      { time: { kind: 'ago', us: 2 * M }, host: 'gke-prod-a-default-pool-6ab3d8ec-jsv7', ident: 'kubelet', fields: { reason: 'BackOff', count: 163, first_seen_ago: 42 * 60, object: 'pod/proxy-fd9c4f59b-pjhth', pod: 'proxy-fd9c4f59b-pjhth', field_path: 'spec.containers{nginx}' } },
      { host: 'gke-prod-a-default-pool-6ab3d8ec-0h28', ident: 'kernel-monitor', fields: { object: 'node/gke-prod-a-default-pool-6ab3d8ec-0h28' } },
    ],
  },
  {
    name: 'rows re-spaced by a paste under an aligned header are read by their runs of spaces, or single spaces',
    input: [
      'NAMESPACE     NAME                       READY   STATUS             RESTARTS       AGE   IP            NODE     NOMINATED NODE   READINESS GATES',
      'default web-0 0/1 CrashLoopBackOff 163 (2m ago) 42m 10.1.2.3 node-1 <none> <none>',
      'prod  hub-65d9f46698-dj4jb  0/1  Unknown  0  5h  10.12.3.4  gke-prod-a-ssd-pool-32-134a959a-n2sk  <none>  <none>',
      'kube-system coredns-5d78c9869d-8xk2p 1/1 Running 0 3d 10.1.0.2 node-2 <none> <none>',
      '',
      'LAST SEEN   TYPE      REASON         OBJECT                     MESSAGE',
      '5h12m Warning NodeNotReady pod/hub-65d9f46698-dj4jb Node is not ready',
      '',
    ].join('\n'),
    expect: [
      { host: 'node-1', fields: { pod: 'web-0', namespace: 'default', status: 'CrashLoopBackOff', restarts: 163, age: '42m' } },
      { host: N2SK, fields: { pod: 'hub-65d9f46698-dj4jb', namespace: 'prod', status: 'Unknown' } },
      { time: { kind: 'ago', us: 5 * 60 * M + 12 * M }, message: 'Node is not ready', fields: { reason: 'NodeNotReady', pod: 'hub-65d9f46698-dj4jb' } },
    ],
  },
  {
    name: 'near misses: no resources, a namespaces table, a deployments table',
    input: [
      'No resources found in prod namespace.',
      'NAME          STATUS   AGE',
      'default       Active   9d',
      'kube-system   Active   9d',
      'NAME        READY   UP-TO-DATE   AVAILABLE   AGE',
      'hub         0/1     1            0           9d',
      '',
    ].join('\n'),
    expect: [],
  },
];
