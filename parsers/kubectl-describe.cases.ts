// kubectl describe output as kubectl 1.5, 1.9 and 1.28 print it (tabwriter layout reproduced exactly:
// padding 2 with spaces, tabs before 1.6), and the event rows pasted in seed 002 (formats.md §6.2).
import type { FramedCase } from './kubectl-table.js';

const S = 1e6;
const M = 60 * S;
const H = 60 * M;
const N2SK = 'gke-prod-a-ssd-pool-32-134a959a-n2sk';
const JSV7 = 'gke-prod-a-default-pool-6ab3d8ec-jsv7';
const OH28 = 'gke-prod-a-default-pool-6ab3d8ec-0h28';

const POD_LOST = `Name:           hub-65d9f46698-dj4jb
Namespace:      prod
Node:           gke-prod-a-ssd-pool-32-134a959a-n2sk/10.128.0.7
Start Time:     Mon, 12 Mar 2018 21:40:11 +0000
Labels:         app=jupyterhub
                component=hub
                pod-template-hash=2185952254
                release=prod
Annotations:    checksum/config-map=4b3a8f4c1f2e
Status:         Unknown
Reason:         NodeLost
Message:        Node gke-prod-a-ssd-pool-32-134a959a-n2sk which was running pod hub-65d9f46698-dj4jb is unresponsive
IP:             10.12.3.4
Controlled By:  ReplicaSet/hub-65d9f46698
Containers:
  hub:
    Container ID:   docker://0c3d5f2b8e1a
    Image:          jupyterhub/k8s-hub:v0.6
    Port:           8081/TCP
    State:          Running
      Started:      Mon, 12 Mar 2018 21:40:30 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /srv/jupyterhub from hub-db-dir (rw)
Conditions:
  Type           Status
  Initialized    True 
  Ready          False 
  PodScheduled   True 
Volumes:
  hub-db-dir:
    Type:        PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:   hub-db-dir
    ReadOnly:    false
QoS Class:       Burstable
Node-Selectors:  <none>
Tolerations:     node.alpha.kubernetes.io/notReady:NoExecute for 300s
                 node.alpha.kubernetes.io/unreachable:NoExecute for 300s
Events:
  Type     Reason        Age                From                                           Message
  ----     ------        ----               ----                                           -------
  Normal   Scheduled     10h                default-scheduler                              Successfully assigned hub-65d9f46698-dj4jb to gke-prod-a-ssd-pool-32-134a959a-n2sk
  Normal   Pulled        10h                kubelet, gke-prod-a-ssd-pool-32-134a959a-n2sk  Container image "jupyterhub/k8s-hub:v0.6" already present on machine
  Warning  NodeNotReady  5h12m              node-controller                                Node is not ready
  Warning  FailedMount   4m (x151 over 5h)  kubelet, gke-prod-a-ssd-pool-32-134a959a-n2sk  Unable to mount volumes for pod "hub-65d9f46698-dj4jb_prod(7358d3f1-265d-11e8-a52f-42010a800024)": timeout expired waiting for volumes to attach/mount for pod "prod"/"hub-65d9f46698-dj4jb". list of unattached/unmounted volumes=[hub-db-dir]
`;
const NODE_LOST = `Name:               gke-prod-a-ssd-pool-32-134a959a-n2sk
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    cloud.google.com/gke-nodepool=ssd-pool-32
                    kubernetes.io/hostname=gke-prod-a-ssd-pool-32-134a959a-n2sk
Annotations:        node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Wed, 07 Mar 2018 14:02:51 +0000
Taints:             node.kubernetes.io/unreachable:NoExecute
                    node.kubernetes.io/unreachable:NoSchedule
Unschedulable:      true
Conditions:
  Type                 Status    LastHeartbeatTime                 LastTransitionTime                Reason              Message
  ----                 ------    -----------------                 ------------------                ------              -------
  NetworkUnavailable   False     Wed, 07 Mar 2018 14:03:10 +0000   Wed, 07 Mar 2018 14:03:10 +0000   RouteCreated        RouteController created a route
  MemoryPressure       Unknown   Tue, 13 Mar 2018 01:38:47 +0000   Tue, 13 Mar 2018 01:39:31 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
  DiskPressure         Unknown   Tue, 13 Mar 2018 01:38:47 +0000   Tue, 13 Mar 2018 01:39:31 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
  Ready                Unknown   Tue, 13 Mar 2018 01:38:47 +0000   Tue, 13 Mar 2018 01:39:31 +0000   NodeStatusUnknown   Kubelet stopped posting node status.
Addresses:
  InternalIP:  10.128.0.7
  Hostname:    gke-prod-a-ssd-pool-32-134a959a-n2sk
Capacity:
 cpu:     32
 memory:  123695232Ki
 pods:    110
System Info:
 Machine ID:                 3d0fa0e4e6b1a0a3b5f1c6b4d2b0f1e9
 Kernel Version:             4.4.111+
 OS Image:                   Container-Optimized OS from Google
 Container Runtime Version:  docker://17.3.2
 Kubelet Version:            v1.9.2-gke.1
 Kube-Proxy Version:         v1.9.2-gke.1
PodCIDR:                     10.12.3.0/24
ExternalID:                  5174120913937187361
Non-terminated Pods:         (2 in total)
  Namespace                  Name                                             CPU Requests  CPU Limits  Memory Requests  Memory Limits
  ---------                  ----                                             ------------  ----------  ---------------  -------------
  prod                       hub-65d9f46698-dj4jb                             200m (0%)     0 (0%)      512Mi (0%)       0 (0%)
  kube-system                kube-proxy-gke-prod-a-ssd-pool-32-134a959a-n2sk  100m (0%)     0 (0%)      0 (0%)           0 (0%)
Events:
  Type     Reason              Age    From                                                  Message
  ----     ------              ----   ----                                                  -------
  Normal   NodeNotReady        5h58m  kubelet, gke-prod-a-ssd-pool-32-134a959a-n2sk         Node gke-prod-a-ssd-pool-32-134a959a-n2sk status is now: NodeNotReady
  Warning  OOMKilling          6h     kernel-monitor, gke-prod-a-ssd-pool-32-134a959a-n2sk  Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child
  Normal   NodeNotSchedulable  12m    kubelet, gke-prod-a-ssd-pool-32-134a959a-n2sk         Node gke-prod-a-ssd-pool-32-134a959a-n2sk status is now: NodeNotSchedulable
`;
const POD_TERMINATING = `Name:                      prometheus-server-6d9c8d6bd4-wq2mg
Namespace:                 prod
Node:                      gke-prod-a-ssd-pool-32-134a959a-bmsw/10.128.0.5
Start Time:                Mon, 12 Mar 2018 10:02:11 +0000
Labels:                    app=prometheus
Annotations:               <none>
Status:                    Terminating (lasts 5h)
Termination Grace Period:  300s
Reason:                    NodeLost
Message:                   Node gke-prod-a-ssd-pool-32-134a959a-bmsw which was running pod prometheus-server-6d9c8d6bd4-wq2mg is unresponsive
IP:                        10.12.5.22
Controlled By:             ReplicaSet/prometheus-server-6d9c8d6bd4
Events:                    <none>
`;
const OLD_POD = `Name:\t\tproxy-fd9c4f59b-pjhth
Namespace:\tprod
Node:\t\tgke-prod-a-default-pool-6ab3d8ec-jsv7/10.128.0.3
Start Time:\tThu, 30 Nov 2017 23:08:40 +0000
Labels:\t\tcomponent=proxy
Status:\t\tRunning
IP:\t\t10.12.2.7
Controllers:\tReplicaSet/proxy-fd9c4f59b
Events:
  FirstSeen\tLastSeen\tCount\tFrom\t\t\t\t\t\tSubObjectPath\t\tType\t\tReason\t\tMessage
  ---------\t--------\t-----\t----\t\t\t\t\t\t-------------\t\t--------\t------\t\t-------
  14m\t\t14m\t\t1\t{default-scheduler }\t\t\t\t\t\t\tNormal\t\tScheduled\tSuccessfully assigned proxy-fd9c4f59b-pjhth to gke-prod-a-default-pool-6ab3d8ec-jsv7
  14m\t\t2m\t\t163\t{kubelet gke-prod-a-default-pool-6ab3d8ec-jsv7}\tspec.containers{nginx}\tWarning\t\tBackOff\t\tBack-off restarting failed docker container
`;
const TWO_PODS = `Name:             web-0
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-1/10.0.0.11
Start Time:       Tue, 02 Jan 2024 02:21:58 +0000
Labels:           app=web
Annotations:      <none>
Status:           Running
IP:               10.1.2.3
IPs:
  IP:           10.1.2.3
Controlled By:  StatefulSet/web
Containers:
  app:
    Image:          registry.example.com/web:1.4.2
    State:          Waiting
      Reason:       CrashLoopBackOff
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
    Ready:          False
    Restart Count:  163
QoS Class:          Burstable
Events:
  Type     Reason     Age                 From               Message
  ----     ------     ----                ----               -------
  Normal   Scheduled  42m                 default-scheduler  Successfully assigned default/web-0 to node-1
  Warning  BackOff    2m (x163 over 42m)  kubelet            Back-off restarting failed container app in pod web-0_default(9f4c1c0e-0d8e-4f0e-9a52-0c8a3f1d2e11)


Name:           web-1
Namespace:      default
Priority:       0
Node:           node-2/10.0.0.12
Status:         Pending
IP:             
Controlled By:  StatefulSet/web
Events:
  Type     Reason            Age    From               Message
  ----     ------            ----   ----               -------
  Warning  FailedScheduling  3m12s  default-scheduler  0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.
`;
const SERVICE = `Name:                     proxy-public
Namespace:                prod
Labels:                   component=proxy-public
Annotations:              <none>
Selector:                 component=proxy
Type:                     LoadBalancer
IP:                       10.15.245.33
LoadBalancer Ingress:     35.202.11.40
Port:                     http  80/TCP
TargetPort:               8000/TCP
NodePort:                 http  31212/TCP
Endpoints:                10.12.5.36:8000
Session Affinity:         None
External Traffic Policy:  Cluster
Events:
  Type    Reason                Age   From                Message
  ----    ------                ----  ----                -------
  Normal  EnsuringLoadBalancer  58m   service-controller  Ensuring load balancer
`;
const SEED_002_PROXY = `Normal   Started                42m                 kubelet, gke-prod-a-default-pool-6ab3d8ec-jsv7  Started container
  Normal   Created                42m (x3 over 42m)   kubelet, gke-prod-a-default-pool-6ab3d8ec-jsv7  Created container
  Normal   Started                42m (x3 over 42m)   kubelet, gke-prod-a-default-pool-6ab3d8ec-jsv7  Started container
  Normal   Pulled                 42m (x3 over 42m)   kubelet, gke-prod-a-default-pool-6ab3d8ec-jsv7  Container image "gcr.io/google_containers/nginx-ingress-controller:0.9.0-beta.15" already present on machine
  Warning  BackOff                7m (x163 over 42m)  kubelet, gke-prod-a-default-pool-6ab3d8ec-jsv7  Back-off restarting failed container
  Warning  FailedSync             2m (x187 over 42m)  kubelet, gke-prod-a-default-pool-6ab3d8ec-jsv7  Error syncing pod
`;
const SEED_002_RESTARTED = ` Normal   Created                10s (x3 over 41s)  kubelet, gke-prod-a-default-pool-6ab3d8ec-0h28  Created container
  Normal   Started                10s (x3 over 41s)  kubelet, gke-prod-a-default-pool-6ab3d8ec-0h28  Started container
  Normal   Pulled                 10s (x3 over 41s)  kubelet, gke-prod-a-default-pool-6ab3d8ec-0h28  Container image "gcr.io/google_containers/nginx-ingress-controller:0.9.0-beta.15" already present on machine
  Warning  Unhealthy              9s                 kubelet, gke-prod-a-default-pool-6ab3d8ec-0h28  Readiness probe failed: Get http://10.12.5.36:10254/healthz: dial tcp 10.12.5.36:10254: getsockopt: connection refused
  Warning  BackOff                5s (x5 over 33s)   kubelet, gke-prod-a-default-pool-6ab3d8ec-0h28  Back-off restarting failed container
  Warning  FailedSync             5s (x5 over 33s)   kubelet, gke-prod-a-default-pool-6ab3d8ec-0h28  Error syncing pod
  \`\`\`
`;
const SEED_002_OOM = `Warning OOMKilling 58m kernel-monitor, gke-prod-a-default-pool-6ab3d8ec-0h28 Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrific
`;

/** Describe texts and the envelopes they must give, in order (skip markers left out). */
export const kubectlDescribeCases: FramedCase[] = [
  {
    name: 'a pod on a lost node (seed 004, kubectl 1.9): its NodeLost status and its events, dated back by their ages',
    input: POD_LOST,
    expect: [
      {
        time: { kind: 'ago', us: 0 }, host: N2SK, ident: 'node-controller', priority: 4,
        message: `pod prod/hub-65d9f46698-dj4jb Unknown NodeLost: Node ${N2SK} which was running pod hub-65d9f46698-dj4jb is unresponsive`,
        fields: { pod: 'hub-65d9f46698-dj4jb', namespace: 'prod', status: 'Unknown', reason: 'NodeLost', object: 'pod/hub-65d9f46698-dj4jb' },
      },
      { time: { kind: 'ago', us: 10 * H }, host: N2SK, ident: 'default-scheduler', priority: 6, fields: { reason: 'Scheduled', type: 'Normal', count: 1, object: 'pod/hub-65d9f46698-dj4jb', pod: 'hub-65d9f46698-dj4jb', namespace: 'prod' } },
      { host: N2SK, ident: 'kubelet', message: 'Container image "jupyterhub/k8s-hub:v0.6" already present on machine', fields: { reason: 'Pulled' } },
      { time: { kind: 'ago', us: 5 * H + 12 * M }, ident: 'node-controller', priority: 4, message: 'Node is not ready', fields: { reason: 'NodeNotReady' } },
      { time: { kind: 'ago', us: 4 * M }, ident: 'kubelet', priority: 4, fields: { reason: 'FailedMount', count: 151, first_seen_ago: 5 * 3600 } },
    ],
  },
  {
    name: 'a node the kubelet stopped reporting (kubectl 1.9): one event per condition at its transition, then the node events',
    input: NODE_LOST,
    expect: [
      { time: { kind: 'abs', us: Date.UTC(2018, 2, 7, 14, 3, 10) * 1000 }, host: N2SK, ident: 'kubelet', priority: 6, message: 'NetworkUnavailable False RouteCreated RouteController created a route' },
      { time: { kind: 'abs', us: Date.UTC(2018, 2, 13, 1, 39, 31) * 1000 }, ident: 'node-controller', priority: 4, fields: { condition: 'MemoryPressure', status: 'Unknown', reason: 'NodeStatusUnknown' } },
      { ident: 'node-controller', priority: 4, fields: { condition: 'DiskPressure' } },
      {
        time: { kind: 'abs', us: Date.UTC(2018, 2, 13, 1, 39, 31) * 1000 }, host: N2SK, ident: 'node-controller', priority: 4,
        message: 'Ready Unknown NodeStatusUnknown Kubelet stopped posting node status.',
        fields: { condition: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', last_heartbeat: '2018-03-13T01:38:47.000Z' },
      },
      { time: { kind: 'ago', us: 5 * H + 58 * M }, host: N2SK, ident: 'kubelet', priority: 6, fields: { reason: 'NodeNotReady', object: `node/${N2SK}` } },
      { time: { kind: 'ago', us: 6 * H }, host: N2SK, ident: 'kernel-monitor', priority: 4, message: 'Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrifice child' },
      { time: { kind: 'ago', us: 12 * M }, ident: 'kubelet', fields: { reason: 'NodeNotSchedulable' } },
    ],
  },
  {
    name: 'a pod being deleted from a lost node: Terminating, grace period, NodeLost make one event',
    input: POD_TERMINATING,
    expect: [
      {
        host: 'gke-prod-a-ssd-pool-32-134a959a-bmsw', ident: 'node-controller',
        message: 'pod prod/prometheus-server-6d9c8d6bd4-wq2mg Terminating NodeLost: Node gke-prod-a-ssd-pool-32-134a959a-bmsw which was running pod prometheus-server-6d9c8d6bd4-wq2mg is unresponsive',
        fields: { status: 'Terminating', reason: 'NodeLost' },
      },
    ],
  },
  {
    name: 'kubectl 1.5 tab-padded FirstSeen/LastSeen/Count table with {component host} sources',
    input: OLD_POD,
    expect: [
      { time: { kind: 'ago', us: 14 * M }, host: JSV7, ident: 'default-scheduler', priority: 6, fields: { reason: 'Scheduled', count: 1, first_seen_ago: 840, object: 'pod/proxy-fd9c4f59b-pjhth' } },
      {
        time: { kind: 'ago', us: 2 * M }, host: JSV7, ident: 'kubelet', priority: 4, message: 'Back-off restarting failed docker container',
        fields: { reason: 'BackOff', count: 163, first_seen_ago: 840, field_path: 'spec.containers{nginx}', pod: 'proxy-fd9c4f59b-pjhth', namespace: 'prod' },
      },
    ],
  },
  {
    name: 'two pods in one output (kubectl 1.28): each event belongs to its own pod and node',
    input: TWO_PODS,
    expect: [
      { time: { kind: 'ago', us: 42 * M }, host: 'node-1', ident: 'default-scheduler', fields: { object: 'pod/web-0', namespace: 'default' } },
      { time: { kind: 'ago', us: 2 * M }, host: 'node-1', ident: 'kubelet', fields: { reason: 'BackOff', count: 163, first_seen_ago: 42 * 60, pod: 'web-0' } },
      {
        time: { kind: 'ago', us: 3 * M + 12 * S }, host: 'node-2', ident: 'default-scheduler', priority: 4,
        message: '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
        fields: { reason: 'FailedScheduling', pod: 'web-1' },
      },
    ],
  },
  {
    name: 'a Service (IP: like a pod, but no Node:): its events name the object alone and no host',
    input: SERVICE,
    expect: [{ time: { kind: 'ago', us: 58 * M }, host: null, ident: 'service-controller', priority: 6, fields: { reason: 'EnsuringLoadBalancer', object: 'proxy-public', namespace: 'prod' } }],
  },
  {
    name: 'seed 002 rows pasted without their header, first one unindented: host from the pre-1.20 From',
    input: SEED_002_PROXY,
    expect: [
      { time: { kind: 'ago', us: 42 * M }, host: JSV7, ident: 'kubelet', priority: 6, message: 'Started container', fields: { reason: 'Started', count: 1 } },
      { fields: { reason: 'Created', count: 3, first_seen_ago: 42 * 60 } },
      { fields: { reason: 'Started', count: 3 } },
      { message: 'Container image "gcr.io/google_containers/nginx-ingress-controller:0.9.0-beta.15" already present on machine' },
      { time: { kind: 'ago', us: 7 * M }, host: JSV7, ident: 'kubelet', priority: 4, message: 'Back-off restarting failed container', fields: { reason: 'BackOff', type: 'Warning', count: 163, first_seen_ago: 42 * 60 } },
      { time: { kind: 'ago', us: 2 * M }, message: 'Error syncing pod', fields: { reason: 'FailedSync', count: 187 } },
    ],
  },
  {
    name: 'seed 002 rows of the restarted proxy, with the closing fence of the paste skipped',
    input: SEED_002_RESTARTED,
    expect: [
      { time: { kind: 'ago', us: 10 * S }, host: OH28, fields: { reason: 'Created', count: 3, first_seen_ago: 41 } },
      { fields: { reason: 'Started' } },
      { fields: { reason: 'Pulled' } },
      { time: { kind: 'ago', us: 9 * S }, priority: 4, message: 'Readiness probe failed: Get http://10.12.5.36:10254/healthz: dial tcp 10.12.5.36:10254: getsockopt: connection refused', fields: { reason: 'Unhealthy', count: 1 } },
      { time: { kind: 'ago', us: 5 * S }, fields: { reason: 'BackOff', count: 5, first_seen_ago: 33 } },
      { fields: { reason: 'FailedSync' } },
    ],
  },
  {
    name: 'seed 002 single-spaced OOM row from describe node',
    input: SEED_002_OOM,
    expect: [
      {
        time: { kind: 'ago', us: 58 * M }, host: OH28, ident: 'kernel-monitor', priority: 4,
        message: 'Memory cgroup out of memory: Kill process 8339 (python) score 1576 or sacrific', fields: { reason: 'OOMKilling', type: 'Warning', count: 1 },
      },
    ],
  },
  {
    name: 'near misses: an object without events, a healthy status, words that only look like a row',
    input: 'Name:         web-2\nNamespace:    default\nNode:         node-1/10.0.0.11\nStatus:       Running\nIP:           10.1.2.5\nEvents:       <none>\nNormal operation resumed after 5m\nWarning: the cluster is degraded\n',
    expect: [],
  },
];
