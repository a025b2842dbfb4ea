# Replays issue 13's findings 1, 4, 5 and 7 with Debian's ruby-kubeclient 4.9 against a sandbox, and prints what it saw
# as one JSON object; the Pester test judges it. Arguments: kubeconfig, NodeUnit name.
require 'json'
require 'timeout'
require 'kubeclient'

kubeconfig, unit = ARGV
config = Kubeclient::Config.read(kubeconfig)

def client(config, context_name, path, version)
  context = config.context(context_name)
  Kubeclient::Client.new(context.api_endpoint + path, version,
                         ssl_options: context.ssl_options, auth_options: context.auth_options)
end

def error_of
  yield
  nil
rescue Kubeclient::HttpError => e
  { 'code' => e.error_code, 'message' => e.message }
end

site = client(config, 'kins-sandbox', '/apis/site.superedge.io', 'v1alpha2')
seen = { 'version' => Kubeclient::VERSION }

# Finding 7: kubeclient watches only through /apis/<g>/<v>/watch/<resource>[/<name>].
list = site.get_node_units(as: :raw)
rv = JSON.parse(list)['metadata']['resourceVersion']
events = Queue.new
watcher = site.watch_node_units(name: unit, resource_version: rv, as: :raw)
reader = Thread.new { watcher.each { |raw| events << JSON.parse(raw) } rescue events << { 'error' => $!.message } }
stamp = "kubeclient-#{Process.pid}"
site.merge_patch_node_unit(unit, { metadata: { labels: { 'replay' => stamp } } })
event = Timeout.timeout(20) { events.pop }
watcher.finish
reader.join(5)
seen['watch'] = { 'type' => event['type'], 'name' => event.dig('object', 'metadata', 'name'),
                  'labelChanged' => event.dig('object', 'metadata', 'labels', 'replay') == stamp, 'error' => event['error'] }

# Finding 4: server-side apply, field ownership and the conflict of another manager.
applied = site.apply_node_unit(
  { apiVersion: 'site.superedge.io/v1alpha2', kind: 'NodeUnit',
    metadata: { name: unit, labels: { 'replay-owner' => 'a' } } },
  field_manager: 'kubeclient-a', force: true)
seen['apply'] = { 'managers' => applied.metadata.managedFields.map { |m| "#{m.manager}/#{m.operation}" },
                  'label' => applied.metadata.labels['replay-owner'] }
seen['applyConflict'] = error_of do
  site.apply_node_unit(
    { apiVersion: 'site.superedge.io/v1alpha2', kind: 'NodeUnit',
      metadata: { name: unit, labels: { 'replay-owner' => 'b' } } },
    field_manager: 'kubeclient-b', force: false)
end
forced = site.apply_node_unit(
  { apiVersion: 'site.superedge.io/v1alpha2', kind: 'NodeUnit',
    metadata: { name: unit, labels: { 'replay-owner' => 'b' } } },
  field_manager: 'kubeclient-b', force: true)
seen['applyForced'] = forced.metadata.labels['replay-owner']

# Finding 1: a dry-run delete (dryRun in the DeleteOptions body) persists nothing.
before = site.get_node_unit(unit)
deleted = site.delete_node_unit(unit, nil, delete_options: { dryRun: ['All'], propagationPolicy: 'Background' })
after = site.get_node_unit(unit)
seen['dryRunDelete'] = { 'answeredName' => deleted.metadata.name,
                         'resourceVersionKept' => before.metadata.resourceVersion == after.metadata.resourceVersion,
                         'deletionTimestamp' => after.metadata.deletionTimestamp }
seen['dryRunBogus'] = error_of { site.delete_node_unit(unit, nil, delete_options: { dryRun: ['Bogus'] }) }

# Finding 5: SelfSubjectAccessReview with the read-only token.
reviews = client(config, 'kins-sandbox-readonly', '/apis/authorization.k8s.io', 'v1')
review = reviews.create_self_subject_access_review(
  Kubeclient::Resource.new(metadata: {}, spec: { resourceAttributes: { verb: 'patch', group: 'site.superedge.io', resource: 'nodeunits' } }))
seen['canPatchReadOnly'] = review.status.allowed
readonly_site = client(config, 'kins-sandbox-readonly', '/apis/site.superedge.io', 'v1alpha2')
seen['readOnlyPatch'] = error_of { readonly_site.merge_patch_node_unit(unit, { metadata: { labels: { 'x' => 'y' } } }) }

puts JSON.generate(seen)
