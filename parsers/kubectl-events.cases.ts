// Events as `kubectl get events -o json` prints each item (core/v1, kubelet / scheduler / node
// problem detector / node controller), events.k8s.io/v1 objects, and near misses (formats.md §6.1).
import type { ParserCase } from './types.js';
import type { FramedCase } from './kubectl-table.js';

const T = (iso: string) => Date.parse(iso) * 1000;
const json = (o: unknown) => JSON.stringify(o);
const UID = '9f4c1c0e-0d8e-4f0e-9a52-0c8a3f1d2e11';

const backOff = {
  apiVersion: 'v1', count: 163, eventTime: null, firstTimestamp: '2024-01-02T02:22:05Z', lastTimestamp: '2024-01-02T03:04:05Z',
  involvedObject: { apiVersion: 'v1', fieldPath: 'spec.containers{app}', kind: 'Pod', name: 'web-0', namespace: 'default', resourceVersion: '73127', uid: UID },
  kind: 'Event', message: `Back-off restarting failed container app in pod web-0_default(${UID})`,
  metadata: { creationTimestamp: '2024-01-02T02:22:05Z', name: 'web-0.17a6b8c9d0e1f2a3', namespace: 'default', resourceVersion: '73190', uid: '3e0c6a55-1111-4a2b-8c3d-6f5e4d3c2b1a' },
  reason: 'BackOff', reportingComponent: 'kubelet', reportingInstance: 'node-1', source: { component: 'kubelet', host: 'node-1' }, type: 'Warning',
};

/** Envelope cases: one Event object as JSON text (the json-items framer hands parse the object itself). */
export const kubectlEventsCases: ParserCase[] = [
  {
    name: 'a repeated kubelet BackOff: last occurrence, host and counts',
    input: json(backOff),
    expect: {
      time: { kind: 'abs', us: T('2024-01-02T03:04:05Z') }, host: 'node-1', ident: 'kubelet', priority: 4,
      message: `Back-off restarting failed container app in pod web-0_default(${UID})`,
      fields: { reason: 'BackOff', type: 'Warning', kind: 'Pod', object: 'web-0', namespace: 'default', pod: 'web-0', field_path: 'spec.containers{app}', count: 163, first_seen: '2024-01-02T02:22:05Z', last_seen: '2024-01-02T03:04:05Z' },
    },
  },
  {
    name: 'a scheduler event of the new recorder: eventTime, empty source, host after the controller name',
    input: json({
      action: 'Binding', apiVersion: 'v1', eventTime: '2024-01-02T02:21:58.512345Z', firstTimestamp: null, lastTimestamp: null,
      involvedObject: { apiVersion: 'v1', kind: 'Pod', name: 'web-0', namespace: 'default', uid: UID }, kind: 'Event',
      message: 'Successfully assigned default/web-0 to node-1', metadata: { creationTimestamp: '2024-01-02T02:21:58Z', name: 'web-0.17a6b8c9c1d2e3f4', namespace: 'default' },
      reason: 'Scheduled', reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-master-0', source: {}, type: 'Normal',
    }),
    expect: { time: { kind: 'abs', us: T('2024-01-02T02:21:58.512Z') + 345 }, ident: 'default-scheduler', host: 'master-0', priority: 6, fields: { reason: 'Scheduled', first_seen: '2024-01-02T02:21:58.512345Z' } },
  },
  {
    name: 'a node problem detector OOM event about a Node keeps its own component',
    input: json({
      apiVersion: 'v1', count: 1, firstTimestamp: '2017-11-30T23:22:18Z', lastTimestamp: '2017-11-30T23:22:18Z',
      involvedObject: { kind: 'Node', name: 'gke-prod-a-default-pool-6ab3d8ec-0h28', uid: 'gke-prod-a-default-pool-6ab3d8ec-0h28' }, kind: 'Event',
      message: 'Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child\n',
      metadata: { name: 'gke-prod-a-default-pool-6ab3d8ec-0h28.14fbb3c6b0d6f0a2', namespace: 'default' },
      reason: 'OOMKilling', source: { component: 'kernel-monitor', host: 'gke-prod-a-default-pool-6ab3d8ec-0h28' }, type: 'Warning',
    }),
    expect: {
      ident: 'kernel-monitor', host: 'gke-prod-a-default-pool-6ab3d8ec-0h28', message: 'Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child',
      fields: { kind: 'Node', node: 'gke-prod-a-default-pool-6ab3d8ec-0h28', namespace: 'default', count: 1 },
    },
  },
  {
    name: 'a node controller event about a Node without a source host falls back to the node',
    input: json({
      apiVersion: 'v1', count: 1, firstTimestamp: '2018-03-13T01:39:31Z', lastTimestamp: '2018-03-13T01:39:31Z',
      involvedObject: { kind: 'Node', name: 'gke-prod-a-ssd-pool-32-134a959a-n2sk', uid: 'x' }, kind: 'Event',
      message: 'Node gke-prod-a-ssd-pool-32-134a959a-n2sk status is now: NodeNotReady', metadata: { name: 'n2sk.151b6a2e9c7f', namespace: 'default' },
      reason: 'NodeNotReady', source: { component: 'node-controller' }, type: 'Normal',
    }),
    expect: { ident: 'node-controller', host: 'gke-prod-a-ssd-pool-32-134a959a-n2sk', time: { us: T('2018-03-13T01:39:31Z') } },
  },
  {
    name: 'an events.k8s.io/v1 Event: series time, note, regarding, deprecated source',
    input: json({
      apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'web-0.17a6b8c9d0e1f2a3', namespace: 'default', creationTimestamp: '2024-01-02T02:22:05Z' },
      eventTime: null, series: { count: 163, lastObservedTime: '2024-01-02T03:04:05.123456Z' }, reportingController: 'kubelet', reportingInstance: 'node-1',
      action: '', reason: 'BackOff', regarding: { kind: 'Pod', namespace: 'default', name: 'web-0', fieldPath: 'spec.containers{app}' },
      note: 'Back-off restarting failed container app in pod web-0_default', type: 'Warning', deprecatedSource: { component: 'kubelet', host: 'node-1' },
      deprecatedFirstTimestamp: '2024-01-02T02:22:05Z', deprecatedLastTimestamp: '2024-01-02T03:00:00Z', deprecatedCount: 160,
    }),
    expect: {
      time: { kind: 'abs', us: T('2024-01-02T03:04:05.123Z') + 456 }, ident: 'kubelet', host: 'node-1', message: 'Back-off restarting failed container app in pod web-0_default',
      fields: { pod: 'web-0', count: 163, first_seen: '2024-01-02T02:22:05Z', last_seen: '2024-01-02T03:04:05.123456Z' },
    },
  },
  {
    name: 'an item of a typed EventList (cluster-info dump) without kind or apiVersion',
    input: json({ ...backOff, kind: undefined, apiVersion: undefined }),
    expect: { ident: 'kubelet', fields: { reason: 'BackOff' } },
  },
  {
    name: 'an event with every time unset is dated by its creation',
    input: json({ ...backOff, firstTimestamp: null, lastTimestamp: null, count: 0 }),
    expect: { time: { us: T('2024-01-02T02:22:05Z') }, fields: { last_seen: '2024-01-02T02:22:05Z' } },
  },
  { name: 'a Pod in an events file is skipped', input: json({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0' }, spec: {}, status: { phase: 'Running' } }), expect: { marker: 'skip' } },
  { name: 'near miss: a whole List reaching parse unsplit', input: json({ apiVersion: 'v1', kind: 'List', items: [backOff], metadata: { resourceVersion: '' } }), expect: null },
  { name: 'near miss: a journal entry', input: '{"__REALTIME_TIMESTAMP":"1","MESSAGE":"x"}', expect: null },
  { name: 'near miss: truncated JSON', input: '{"apiVersion":"v1","kind":"Event","reason":"Back', expect: null },
];

// must-gather `namespaces/default/core/events.yaml`: go-yaml v2 (kubectl, oc) folds long strings at 80 columns.
const MUST_GATHER_EVENTS = `---
apiVersion: v1
items:
- apiVersion: v1
  count: 163
  eventTime: null
  firstTimestamp: "2024-01-02T02:22:05Z"
  involvedObject:
    apiVersion: v1
    fieldPath: spec.containers{app}
    kind: Pod
    name: web-0
    namespace: default
    resourceVersion: "73127"
    uid: ${UID}
  kind: Event
  lastTimestamp: "2024-01-02T03:04:05Z"
  message: Back-off restarting failed container app in pod web-0_default(${UID})
  metadata:
    creationTimestamp: "2024-01-02T02:22:05Z"
    name: web-0.17a6b8c9d0e1f2a3
    namespace: default
    resourceVersion: "73190"
    uid: 3e0c6a55-1111-4a2b-8c3d-6f5e4d3c2b1a
  reason: BackOff
  reportingComponent: ""
  reportingInstance: ""
  source:
    component: kubelet
    host: node-1
  type: Warning
- apiVersion: v1
  count: 4
  eventTime: null
  firstTimestamp: "2024-01-02T02:40:11Z"
  involvedObject:
    apiVersion: v1
    kind: Pod
    name: web-1
    namespace: default
    uid: 5d1f3a2b-2222-4c3d-9e4f-7a6b5c4d3e2f
  kind: Event
  lastTimestamp: "2024-01-02T02:58:43Z"
  message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed
    to setup network for sandbox "3c1d0e9b": plugin type="calico" failed (add):
    error getting ClusterInformation: connection is unauthorized: Unauthorized'
  metadata:
    creationTimestamp: "2024-01-02T02:40:11Z"
    name: web-1.17a6b9f0a1b2c3d4
    namespace: default
  reason: FailedCreatePodSandBox
  reportingComponent: ""
  reportingInstance: ""
  source:
    component: kubelet
    host: node-2
  type: Warning
kind: EventList
metadata:
  resourceVersion: "73200"
`;

// The same kind of list written by a tool that indents sequences (yq, PyYAML), and `---`-separated single Events.
const INDENTED_LIST = `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Event
    type: Warning
    reason: OOMKilling
    message: "Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child"
    involvedObject:
      kind: Node
      name: gke-prod-a-default-pool-6ab3d8ec-0h28
    source:
      component: kernel-monitor
      host: gke-prod-a-default-pool-6ab3d8ec-0h28
    firstTimestamp: "2017-11-30T23:22:18Z"
    lastTimestamp: "2017-11-30T23:22:18Z"
    count: 1
metadata:
  resourceVersion: ""
`;

const SINGLE_EVENTS = `apiVersion: v1
kind: Event
type: Normal
reason: Scheduled
message: Successfully assigned default/web-0 to node-1
involvedObject: {kind: Pod, name: web-0, namespace: default}
eventTime: "2024-01-02T02:21:58.512345Z"
reportingComponent: default-scheduler
reportingInstance: default-scheduler-master-0
source: {}
---
apiVersion: events.k8s.io/v1
kind: Event
type: Warning
reason: BackOff
note: Back-off restarting failed container app in pod web-0_default
regarding: {kind: Pod, name: web-0, namespace: default}
series: {count: 163, lastObservedTime: "2024-01-02T03:04:05.123456Z"}
reportingController: kubelet
reportingInstance: node-1
`;

/** Events as YAML, and what each non-skipped record must parse into (null: unparsed, counted). */
export const kubectlEventsYamlCases: FramedCase[] = [
  {
    name: 'a must-gather EventList, one item at a time, with a message go-yaml folded over three lines',
    input: MUST_GATHER_EVENTS,
    expect: [
      { time: { kind: 'abs', us: T('2024-01-02T03:04:05Z') }, host: 'node-1', ident: 'kubelet', priority: 4, fields: { reason: 'BackOff', pod: 'web-0', count: 163 } },
      {
        time: { kind: 'abs', us: T('2024-01-02T02:58:43Z') }, host: 'node-2', ident: 'kubelet',
        message: 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3c1d0e9b": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized',
        fields: { reason: 'FailedCreatePodSandBox', count: 4, first_seen: '2024-01-02T02:40:11Z' },
      },
    ],
  },
  {
    name: 'a List whose items are indented under items:',
    input: INDENTED_LIST,
    expect: [{ ident: 'kernel-monitor', host: 'gke-prod-a-default-pool-6ab3d8ec-0h28', fields: { node: 'gke-prod-a-default-pool-6ab3d8ec-0h28', reason: 'OOMKilling' } }],
  },
  {
    name: '---separated single Events of both APIs',
    input: SINGLE_EVENTS,
    expect: [
      { ident: 'default-scheduler', host: 'master-0', priority: 6, time: { kind: 'abs', us: T('2024-01-02T02:21:58.512Z') + 345 } },
      { ident: 'kubelet', host: 'node-1', message: 'Back-off restarting failed container app in pod web-0_default', fields: { count: 163 } },
    ],
  },
  {
    name: 'a document that is a bare sequence of Events',
    input: '- kind: Event\n  reason: Pulled\n  involvedObject: {kind: Pod, name: web-0}\n  source: {component: kubelet, host: node-1}\n- kind: Event\n  reason: Started\n  involvedObject: {kind: Pod, name: web-0}\n  source: {component: kubelet, host: node-1}\n',
    expect: [{ host: 'node-1', fields: { reason: 'Pulled' } }, { host: 'node-1', fields: { reason: 'Started' } }],
  },
  { name: 'an empty EventList', input: 'apiVersion: v1\nitems: []\nkind: EventList\nmetadata:\n  resourceVersion: "73200"\n', expect: [] },
  {
    name: 'near miss: an item broken by a bad indent is unparsed, the next one still read',
    input: 'items:\n- kind: Event\n  reason: BackOff\n message: broken\n   involvedObject: x\n- kind: Event\n  reason: Pulled\n  involvedObject: {kind: Pod, name: web-0}\n  source: {component: kubelet}\n',
    expect: [null, { ident: 'kubelet', fields: { reason: 'Pulled' } }],
  },
];
