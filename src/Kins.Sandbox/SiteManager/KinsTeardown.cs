using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// recoverNodeUnit (kins.go:457-597), run at every pass of every unit whose level is exactly L3 ("Demotion" in the
/// sheet): deletes the unit's kins objects by their labels (their pods go with them), keeps the Secret unless
/// <c>clear-cluster=yes</c>, removes kins-role only from the nodes listed in <c>spec.nodes</c> (flaw 5), and applies the
/// taint filter to <c>spec.setNode.taints</c> while clearing the credential reference (flaw 7).
/// </summary>
internal sealed class KinsTeardown
{
    private const string Ns = SuperEdgeNames.KinsNamespace;
    private readonly StoreClient _client;
    private readonly ResourceType _units;

    public KinsTeardown(StoreClient client, ResourceType units)
    {
        _client = client;
        _units = units;
    }

    public void Teardown(Unit unit)
    {
        var name = unit.Name;
        var owned = LabelSelector.Parse(SuperEdgeNames.UnitResourceSelector(name));
        Api(() =>
        {
            _client.DeleteCollection(BuiltinResources.DaemonSets, Ns, owned);
            _client.DeleteCollection(BuiltinResources.StatefulSets, Ns, owned);
            _client.DeleteIfExists(BuiltinResources.Services, Ns, SuperEdgeNames.KinsService(name));
            _client.DeleteIfExists(BuiltinResources.Services, Ns, SuperEdgeNames.KinsInitService(name));
            if (unit.Annotation(SuperEdgeNames.ClearClusterAnnotation) == SuperEdgeNames.ClearClusterAnnotationValue)
            {
                _client.DeleteIfExists(BuiltinResources.Secrets, Ns, SuperEdgeNames.KinsSecret(name));
            }
            _client.DeleteCollection(BuiltinResources.ConfigMaps, Ns, owned);
            foreach (var pv in _client.List(BuiltinResources.PersistentVolumes, labels: owned))
            {
                _client.Mutate(BuiltinResources.PersistentVolumes, null, pv.Name, p => JsonEdit.Obj(p, "metadata").Remove("finalizers"));
            }
            _client.DeleteCollection(BuiltinResources.PersistentVolumes, null, owned);
            var claims = LabelSelector.FromMatchLabels([new(SuperEdgeNames.PvcUnitLabel, name)]);
            foreach (var pvc in _client.List(BuiltinResources.PersistentVolumeClaims, Ns, claims))
            {
                _client.Mutate(BuiltinResources.PersistentVolumeClaims, Ns, pvc.Name, p => JsonEdit.Obj(p, "metadata").Remove("finalizers"));
            }
            _client.DeleteCollection(BuiltinResources.PersistentVolumeClaims, Ns, claims);
            foreach (var nodeName in unit.Nodes)
            {
                if (_client.Get(BuiltinResources.Nodes, null, nodeName) is { } node && node.Labels.ContainsKey(SuperEdgeNames.KinsRoleLabel))
                {
                    // Strategic merge patch {"metadata":{"labels":{"site.superedge.io/kins-role":null}}} (kins.go:40-42, 566-578).
                    _client.Mutate(BuiltinResources.Nodes, null, nodeName, n => (n["metadata"]?["labels"] as JsonObject)?.Remove(SuperEdgeNames.KinsRoleLabel) == true);
                }
            }
        });
        FilterTaintsAndClearReference(unit);
    }

    /// <summary>
    /// kins.go:580-596: keeps only taints whose key is not <c>kins</c> AND whose effect is not NoSchedule, so every
    /// NoSchedule taint goes too; when that changes the list or a reference is set, one whole-object Update with the
    /// resourceVersion read at the start of the pass.
    /// </summary>
    private void FilterTaintsAndClearReference(Unit unit)
    {
        var taints = unit.SetNodeTaints;
        var kept = (taints ?? []).OfType<JsonObject>()
            .Where(t => (string?)t["key"] != SuperEdgeNames.KinsTaintKey && (string?)t["effect"] != SuperEdgeNames.KinsTaintEffect)
            .ToList();
        // Go compares a nil result with the list: an absent list stays unchanged, any present one with nothing kept changes.
        var unchanged = kept.Count == 0 ? taints is null : taints is not null && kept.Count == taints.Count;
        if (unchanged && unit.CredentialRef is null)
        {
            return;
        }
        var next = unit.Clone();
        if (kept.Count == 0) { next.SetNode.Remove("taints"); }
        else { next.SetNode["taints"] = new JsonArray(kept.Select(t => (JsonNode?)t.DeepClone()).ToArray()); }
        next.Spec.Remove("unitCredentialConfigMapRef");
        Api(() => _client.Update(_units, next.Object));
    }

    private static void Api(Action call)
    {
        try
        {
            call();
        }
        catch (ApiException e)
        {
            throw new SiteManagerException(e.Message, e);
        }
    }
}
