using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.Simulation;

/// <summary>
/// A StatefulSet's claims and their binding, as Kubernetes makes them: the StatefulSet controller creates PVC
/// <c>&lt;template&gt;-&lt;pod&gt;</c> per volume claim template, labelled with the StatefulSet's selector; with
/// WaitForFirstConsumer the scheduler puts the pod only on a node where its claim is bound or can bind, and the PV
/// controller then binds the claim to an Available PV of its class whose node affinity names that node. The PVs are
/// known from the change feed (class, node, claimed), so placing a pod reads only the PVs that could serve it.
/// </summary>
internal sealed class VolumeClaims
{
    private const string HostnameKey = "kubernetes.io/hostname";
    private readonly object _gate = new();
    private readonly Dictionary<string, (string? StorageClass, string? Node, bool Claimed)> _volumes = new(StringComparer.Ordinal);

    /// <summary>Follows a PersistentVolume event of the change feed.</summary>
    public void Update(StoreEvent e)
    {
        lock (_gate)
        {
            if (e.Type == StoreEvent.Deleted) { _volumes.Remove(e.Object.Name); return; }
            var pv = e.Object.Parse();
            _volumes[e.Object.Name] = ((string?)pv["spec"]?["storageClassName"], NodeOf(pv), pv["spec"]?["claimRef"] is not null || e.Object.IsDeleting);
        }
    }

    /// <summary>The unclaimed PVs of the class that may serve a pod on <paramref name="node"/> (null: any node), by name.</summary>
    private List<string> Unclaimed(string? storageClass, string? node)
    {
        lock (_gate)
        {
            return _volumes.Where(v => !v.Value.Claimed && v.Value.StorageClass == storageClass && (node is null || v.Value.Node is null || v.Value.Node == node))
                .Select(v => v.Key).Order(StringComparer.Ordinal).ToList();
        }
    }

    private string? NodeOfVolume(string pv)
    {
        lock (_gate) { return _volumes.TryGetValue(pv, out var v) ? v.Node : null; }
    }

    /// <summary>The pod's claims (created Pending when missing), as (volume name, claim name).</summary>
    public static List<(string Volume, string Claim)> Ensure(StoreClient client, StoredObject sts, JsonObject workload, string podName)
    {
        var claims = new List<(string, string)>();
        foreach (var template in (workload["spec"]?["volumeClaimTemplates"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var volume = (string?)template["metadata"]?["name"] ?? "data";
            var claim = volume + "-" + podName;
            claims.Add((volume, claim));
            if (client.Get(BuiltinResources.PersistentVolumeClaims, sts.Namespace, claim) is not null)
            {
                continue;
            }
            client.TryCreate(BuiltinResources.PersistentVolumeClaims, new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "PersistentVolumeClaim",
                ["metadata"] = new JsonObject
                {
                    ["name"] = claim, ["namespace"] = sts.Namespace,
                    ["labels"] = workload["spec"]?["selector"]?["matchLabels"]?.DeepClone(),
                },
                ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
                ["status"] = new JsonObject { ["phase"] = "Pending" },
            });
        }
        return claims;
    }

    /// <summary>Whether the claims let the pod run on a node: each bound to a PV there, or an unclaimed one there to bind.</summary>
    public Func<StoredObject, bool> NodeFilter(StoreClient client, string? ns, IReadOnlyList<(string Volume, string Claim)> claims)
    {
        if (claims.Count == 0)
        {
            return _ => true;
        }
        var filters = new List<Func<string, bool>>();
        foreach (var (_, claimName) in claims)
        {
            var claim = client.Get(BuiltinResources.PersistentVolumeClaims, ns, claimName)?.Parse();
            if ((string?)claim?["spec"]?["volumeName"] is { } bound)
            {
                var node = NodeOfVolume(bound);
                filters.Add(n => node is null || n == node);
                continue;
            }
            var storageClass = (string?)claim?["spec"]?["storageClassName"];
            filters.Add(n => Unclaimed(storageClass, n).Count > 0);
        }
        return node => filters.All(f => f(node.Name));
    }

    /// <summary>Binds each unbound claim to an unclaimed PV on <paramref name="node"/> (claimRef on the PV, volumeName on the claim).</summary>
    public void Bind(StoreClient client, string? ns, IReadOnlyList<(string Volume, string Claim)> claims, string node)
    {
        foreach (var (_, claimName) in claims)
        {
            var claim = client.Get(BuiltinResources.PersistentVolumeClaims, ns, claimName);
            var parsed = claim?.Parse();
            if (claim is null || (string?)parsed!["spec"]?["volumeName"] is not null)
            {
                continue;
            }
            var pvName = Unclaimed((string?)parsed["spec"]?["storageClassName"], node).FirstOrDefault();
            if (pvName is null || client.Get(BuiltinResources.PersistentVolumes, null, pvName)?.Parse() is not { } pv)
            {
                continue;
            }
            lock (_gate) { if (_volumes.TryGetValue(pvName, out var v)) { _volumes[pvName] = v with { Claimed = true }; } }
            client.Mutate(BuiltinResources.PersistentVolumes, null, pvName, v =>
            {
                JsonEdit.Obj(v, "spec")["claimRef"] = new JsonObject
                {
                    ["kind"] = "PersistentVolumeClaim", ["namespace"] = ns, ["name"] = claimName, ["uid"] = claim.Uid, ["apiVersion"] = "v1",
                    ["resourceVersion"] = claim.ResourceVersion.ToString(CultureInfo.InvariantCulture),
                };
                JsonEdit.Obj(JsonEdit.Obj(v, "metadata"), "annotations")["pv.kubernetes.io/bound-by-controller"] = "yes";
                return true;
            });
            client.Mutate(BuiltinResources.PersistentVolumes, null, pvName, v => SetPhase(v, "Bound"), subresource: "status");
            client.Mutate(BuiltinResources.PersistentVolumeClaims, ns, claimName, c =>
            {
                JsonEdit.Obj(c, "spec")["volumeName"] = pvName;
                var annotations = JsonEdit.Obj(JsonEdit.Obj(c, "metadata"), "annotations");
                annotations["pv.kubernetes.io/bind-completed"] = "yes";
                annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
                annotations["volume.kubernetes.io/selected-node"] = node;
                return true;
            });
            client.Mutate(BuiltinResources.PersistentVolumeClaims, ns, claimName, c =>
            {
                var changed = SetPhase(c, "Bound");
                var status = JsonEdit.Obj(c, "status");
                status["accessModes"] = pv["spec"]?["accessModes"]?.DeepClone();
                status["capacity"] = pv["spec"]?["capacity"]?.DeepClone();
                return changed;
            }, subresource: "status");
        }
    }

    private static bool SetPhase(JsonObject obj, string phase)
    {
        var status = JsonEdit.Obj(obj, "status");
        if ((string?)status["phase"] == phase) { return false; }
        status["phase"] = phase;
        return true;
    }

    /// <summary>The node a local PV is pinned to by its required node affinity (null: any node).</summary>
    private static string? NodeOf(JsonObject pv) =>
        (pv["spec"]?["nodeAffinity"]?["required"]?["nodeSelectorTerms"] as JsonArray)?.OfType<JsonObject>()
            .SelectMany(t => (t["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(e => (string?)e["key"] == HostnameKey && (string?)e["operator"] == "In")
            .Select(e => (string?)e["values"]?[0]).FirstOrDefault(v => v is not null);
}
