// Replays issue 13's findings with @kubernetes/client-node 1.4 (npm) against a sandbox and prints what it saw as one
// JSON object; the Pester test judges it. Arguments: node_modules folder, kubeconfig, NodeUnit name, L4 unit name.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [modules, kubeconfig, unit, promoted] = process.argv.slice(2);
const k8s = await import(pathToFileURL(join(modules, '@kubernetes/client-node/dist/index.js')).href);
const { version } = (await import(pathToFileURL(join(modules, '@kubernetes/client-node/package.json')).href, { with: { type: 'json' } })).default;

function config(context) {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  kc.setCurrentContext(context);
  return kc;
}
const admin = config('kins-sandbox');
const readonly = config('kins-sandbox-readonly');
const custom = admin.makeApiClient(k8s.CustomObjectsApi);
const nu = { group: 'site.superedge.io', version: 'v1alpha2', plural: 'nodeunits' };
const seen = { version };

async function errorOf(action) {
  try { await action(); return null; } catch (e) { return { code: e.code, body: typeof e.body === 'string' ? JSON.parse(e.body) : e.body }; }
}
const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);

// Finding 1: a dry-run delete persists nothing (dryRun in the query and in the DeleteOptions body).
const before = await custom.getClusterCustomObject({ ...nu, name: unit });
const answered = await custom.deleteClusterCustomObject({ ...nu, name: unit, dryRun: 'All' });
const answeredBody = await custom.deleteClusterCustomObject({ ...nu, name: unit, body: { dryRun: ['All'], propagationPolicy: 'Background' } });
const after = await custom.getClusterCustomObject({ ...nu, name: unit });
seen.dryRunDelete = {
  answeredName: answered.metadata?.name, answeredBodyName: answeredBody.metadata?.name,
  resourceVersionKept: before.metadata.resourceVersion === after.metadata.resourceVersion,
  deletionTimestamp: after.metadata.deletionTimestamp ?? null,
};

// Finding 2: a dry-run patch answers the result and stores nothing.
const dryPatched = await custom.patchClusterCustomObject(
  { ...nu, name: unit, dryRun: 'All', body: { spec: { autonomyLevel: 'L4' } } }, mergePatch);
const afterPatch = await custom.getClusterCustomObject({ ...nu, name: unit });
seen.dryRunPatch = { answeredLevel: dryPatched.spec.autonomyLevel, storedLevel: afterPatch.spec.autonomyLevel };

// Finding 4: server-side apply through KubernetesObjectApi.
const objects = k8s.KubernetesObjectApi.makeApiClient(admin);
const applied = await objects.patch(
  { apiVersion: 'site.superedge.io/v1alpha2', kind: 'NodeUnit', metadata: { name: unit, labels: { 'replay-node': 'applied' } } },
  undefined, undefined, 'client-node', true, k8s.PatchStrategy.ServerSideApply);
seen.apply = {
  label: applied.metadata.labels?.['replay-node'],
  managers: (applied.metadata.managedFields ?? []).map(m => `${m.manager}/${m.operation}`),
};

// Finding 5: SelfSubjectAccessReview with both tokens; the read-only token's write is refused.
async function canPatch(kc) {
  const review = await kc.makeApiClient(k8s.AuthorizationV1Api).createSelfSubjectAccessReview({
    body: { spec: { resourceAttributes: { verb: 'patch', group: 'site.superedge.io', resource: 'nodeunits' } } },
  });
  return review.status.allowed;
}
seen.canPatch = { admin: await canPatch(admin), readonly: await canPatch(readonly) };
const refused = await errorOf(() => readonly.makeApiClient(k8s.CustomObjectsApi).patchClusterCustomObject(
  { ...nu, name: unit, body: { metadata: { labels: { x: 'y' } } } }, mergePatch));
seen.readOnlyPatch = { code: refused?.code, reason: refused?.body?.reason };

// Finding 6: the StatefulSet carries its defaulted update strategy.
const apps = admin.makeApiClient(k8s.AppsV1Api);
const sts = await apps.readNamespacedStatefulSet({ name: `${promoted}-server-kins`, namespace: 'kins-system' });
seen.statefulSet = { updateStrategy: sts.spec.updateStrategy?.type, revisionHistoryLimit: sts.spec.revisionHistoryLimit, podManagementPolicy: sts.spec.podManagementPolicy };

// Finding 7: a watch sees a change made after the list's resourceVersion.
const list = await custom.listClusterCustomObject({ ...nu });
const stamp = `client-node-${process.pid}`;
const event = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no watch event within 20 s')), 20000);
  new k8s.Watch(admin).watch('/apis/site.superedge.io/v1alpha2/nodeunits',
    { resourceVersion: list.metadata.resourceVersion, fieldSelector: `metadata.name=${unit}` },
    (type, obj) => { if (obj.metadata?.labels?.replay === stamp) { clearTimeout(timer); resolve({ type, name: obj.metadata.name }); } },
    err => { if (err) { reject(err); } })
    .then(controller => { seen.watchAbort = () => controller.abort(); })
    .then(() => custom.patchClusterCustomObject({ ...nu, name: unit, body: { metadata: { labels: { replay: stamp } } } }, mergePatch));
});
seen.watchAbort?.();
delete seen.watchAbort;
seen.watch = event;

// Finding 8: events of the kins workloads, a pod's log, node Leases.
const core = admin.makeApiClient(k8s.CoreV1Api);
const events = await core.listNamespacedEvent({ namespace: 'kins-system' });
seen.eventReasons = [...new Set(events.items.map(e => e.reason))].sort();
const pods = await core.listNamespacedPod({ namespace: 'kins-system', labelSelector: `site.superedge.io/nodeunit=${promoted}` });
const pod = pods.items.find(p => p.metadata.name.startsWith(`${promoted}-server-kins`)) ?? pods.items[0];
seen.log = pod ? await core.readNamespacedPodLog({ name: pod.metadata.name, namespace: 'kins-system', container: pod.spec.containers[0].name }) : null;
const lease = await admin.makeApiClient(k8s.CoordinationV1Api).readNamespacedLease({ name: `${promoted}-node-1`, namespace: 'kube-node-lease' });
seen.lease = { holder: lease.spec.holderIdentity, renewed: !!lease.spec.renewTime };

console.log(JSON.stringify(seen));
