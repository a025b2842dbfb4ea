"""Replays issue 13's findings with Debian's python3-kubernetes against a sandbox and prints what it saw as one JSON
object; the Pester test judges it. Arguments: kubeconfig, NodeUnit name, L4 unit name."""
import json
import os
import sys

import kubernetes
from kubernetes import client, config, dynamic, watch
from kubernetes.client.rest import ApiException

kubeconfig, unit, promoted = sys.argv[1:4]
NU = dict(group='site.superedge.io', version='v1alpha2', plural='nodeunits')


def api_client(context):
    return config.new_client_from_config(config_file=kubeconfig, context=context)


def error_of(action):
    try:
        action()
        return None
    except (ApiException, dynamic.exceptions.DynamicApiError) as e:
        body = json.loads(e.body) if e.body else {}
        return {'code': e.status, 'reason': body.get('reason'), 'message': body.get('message')}


admin = api_client('kins-sandbox')
readonly = api_client('kins-sandbox-readonly')
custom = client.CustomObjectsApi(admin)
seen = {'version': kubernetes.__version__}

# Finding 1: a dry-run delete (DeleteOptions body and query) persists nothing; an unknown value is refused.
before = custom.get_cluster_custom_object(name=unit, **NU)
answered = custom.delete_cluster_custom_object(name=unit, body=client.V1DeleteOptions(dry_run=['All']), **NU)
custom.delete_cluster_custom_object(name=unit, dry_run='All', **NU)
after = custom.get_cluster_custom_object(name=unit, **NU)
seen['dryRunDelete'] = {
    'answeredName': answered['metadata']['name'],
    'resourceVersionKept': before['metadata']['resourceVersion'] == after['metadata']['resourceVersion'],
    'deletionTimestamp': after['metadata'].get('deletionTimestamp'),
}
seen['dryRunBogus'] = error_of(lambda: custom.delete_cluster_custom_object(name=unit, dry_run='Bogus', **NU))

# Finding 2: a dry-run patch answers the result and stores nothing.
patched = custom.patch_cluster_custom_object(name=unit, body={'spec': {'autonomyLevel': 'L5'}}, dry_run='All', **NU)
stored = custom.get_cluster_custom_object(name=unit, **NU)
seen['dryRunPatch'] = {'answeredLevel': patched['spec']['autonomyLevel'], 'storedLevel': stored['spec']['autonomyLevel']}

# Finding 4: server-side apply through the dynamic client, and the conflict of a second manager.
dyn = dynamic.DynamicClient(admin)
units = dyn.resources.get(api_version='site.superedge.io/v1alpha2', kind='NodeUnit')
manifest = {'apiVersion': 'site.superedge.io/v1alpha2', 'kind': 'NodeUnit', 'metadata': {'name': unit, 'labels': {'replay-python': 'a'}}}
# python-kubernetes 22.6 sends an apply body only as text (a dict is refused before any request is made).
applied = dyn.server_side_apply(units, body=json.dumps(manifest), name=unit, field_manager='python-a', force_conflicts=True)
seen['apply'] = {'label': applied.metadata.labels['replay-python'],
                 'managers': ['%s/%s' % (m.manager, m.operation) for m in applied.metadata.managedFields]}
manifest['metadata']['labels']['replay-python'] = 'b'
seen['applyConflict'] = error_of(lambda: dyn.server_side_apply(units, body=json.dumps(manifest), name=unit, field_manager='python-b'))

# Finding 5: SelfSubjectAccessReview with both tokens.
def can_patch(api):
    review = client.AuthorizationV1Api(api).create_self_subject_access_review(client.V1SelfSubjectAccessReview(
        spec=client.V1SelfSubjectAccessReviewSpec(resource_attributes=client.V1ResourceAttributes(
            verb='patch', group='site.superedge.io', resource='nodeunits'))))
    return review.status.allowed


seen['canPatch'] = {'admin': can_patch(admin), 'readonly': can_patch(readonly)}
seen['readOnlyPatch'] = error_of(lambda: client.CustomObjectsApi(readonly).patch_cluster_custom_object(
    name=unit, body={'metadata': {'labels': {'x': 'y'}}}, **NU))

# Finding 6: the StatefulSet carries its defaulted update strategy.
sts = client.AppsV1Api(admin).read_namespaced_stateful_set('%s-server-kins' % promoted, 'kins-system')
seen['statefulSet'] = {'updateStrategy': sts.spec.update_strategy.type if sts.spec.update_strategy else None,
                       'revisionHistoryLimit': sts.spec.revision_history_limit}

# Finding 7: a watch sees a change made after the list's resourceVersion.
listed = custom.list_cluster_custom_object(**NU)
stamp = 'python-%d' % os.getpid()
custom.patch_cluster_custom_object(name=unit, body={'metadata': {'labels': {'replay': stamp}}}, **NU)
watcher = watch.Watch()
seen['watch'] = None
for event in watcher.stream(custom.list_cluster_custom_object, resource_version=listed['metadata']['resourceVersion'],
                            field_selector='metadata.name=%s' % unit, timeout_seconds=20, **NU):
    if event['object']['metadata'].get('labels', {}).get('replay') == stamp:
        seen['watch'] = {'type': event['type'], 'name': event['object']['metadata']['name']}
        watcher.stop()

# Finding 8: events of the kins workloads, a pod's log, node Leases.
core = client.CoreV1Api(admin)
seen['eventReasons'] = sorted({e.reason for e in core.list_namespaced_event('kins-system').items})
pod = next(p for p in core.list_namespaced_pod('kins-system').items if p.metadata.name.startswith('%s-server-kins' % promoted))
seen['log'] = core.read_namespaced_pod_log(pod.metadata.name, 'kins-system', container=pod.spec.containers[0].name)
lease = client.CoordinationV1Api(admin).read_namespaced_lease('%s-node-1' % promoted, 'kube-node-lease')
seen['lease'] = {'holder': lease.spec.holder_identity, 'renewed': lease.spec.renew_time is not None}

print(json.dumps(seen))
