using System.Text.Json.Nodes;
using Kins.Core.Model;
using Kins.Core.Plan;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Store;
using static Kins.Sandbox.Controllers.JsonEdit;

namespace Kins.Sandbox.SiteManager;

internal sealed partial class UnitReconciler
{
    private const string Ns = SuperEdgeNames.KinsNamespace;

    /// <summary>L4/L5: server roles, every object of the plan, then the kins taint and the credential reference.</summary>
    private void Promote(string name, JsonObject unit, AutonomyLevel level, UnitMembers members)
    {
        KinsPlan plan;
        try
        {
            plan = KinsPlan.For(name, level, members.Ready, members.Nodes.Where(UnitMembers.IsServer).Select(n => n.Name));
        }
        catch (InsufficientReadyNodesException e)
        {
            WriteStatus(name, members, Failed(e.Message));
            return;
        }
        EnsureKinsNamespace();
        var servers = plan.ServerNodes.ToHashSet(StringComparer.Ordinal);
        foreach (var node in members.Nodes)
        {
            var server = servers.Contains(node.Name);
            _client.Mutate(BuiltinResources.Nodes, null, node.Name, n =>
            {
                var labels = Obj(Obj(n, "metadata"), "labels");
                if (server) { return Put(labels, SuperEdgeNames.KinsRoleLabel, SuperEdgeNames.KinsRoleServer); }
                return labels.Remove(SuperEdgeNames.KinsRoleLabel);
            });
        }
        var secret = EnsureSecret(name);
        var parameters = ReadMap(unit["spec"]?["unitClusterInfo"]?["parameters"]);
        foreach (var planned in plan.Objects.Where(o => o.Component is not (KinsComponent.ServerRole or KinsComponent.Secret)))
        {
            var type = TypeOf(planned.Kind);
            if (_client.Get(type, planned.Namespace, planned.Name) is null)
            {
                _client.TryCreate(type, KinsObjects.Build(planned, name, parameters, secret, _edges));
            }
        }
        RemoveUnplanned(name, plan);
        _client.Mutate(_units, null, name, u =>
        {
            var spec = Obj(u, "spec");
            var before = spec.DeepClone();
            var taints = Arr(Obj(spec, "setNode"), "taints");
            if (!taints.OfType<JsonObject>().Any(t => (string?)t["key"] == SuperEdgeNames.KinsTaintKey && (string?)t["effect"] == SuperEdgeNames.KinsTaintEffect))
            {
                taints.Add(new JsonObject { ["key"] = SuperEdgeNames.KinsTaintKey, ["effect"] = SuperEdgeNames.KinsTaintEffect });
            }
            // SuperEdge sets the credential reference only "after controller-plane ready" (its CRD's own words),
            // so a set reference means the edge cluster was up: clients rely on that to tell Degraded from Promoting.
            if (ControlPlaneReady(name, level))
            {
                spec["unitCredentialConfigMapRef"] = new JsonObject
                {
                    ["kind"] = "ConfigMap", ["namespace"] = Ns, ["name"] = SuperEdgeNames.KinsConfigMap(name),
                };
            }
            return !JsonNode.DeepEquals(before, spec);
        });
        var parametersCidr = parameters.TryGetValue(SuperEdgeNames.ParameterServiceCidr, out var cidr) ? cidr : SuperEdgeNames.DefaultServiceCidr;
        WriteStatus(name, members, new JsonObject { ["phase"] = SuperEdgeNames.UnitClusterPhaseInitializing, ["serviceCIDR"] = parametersCidr });
    }

    private bool ControlPlaneReady(string name, AutonomyLevel level) => ControlPlane.IsReady(_client, name, level);

    /// <summary>L3: tear the edge cluster down and undo the unit's kins settings.</summary>
    private void Demote(string name, JsonObject unit, UnitMembers members)
    {
        Teardown(name, unit, members);
        _client.Mutate(_units, null, name, u =>
        {
            var spec = Obj(u, "spec");
            var before = spec.DeepClone();
            // v0.9's filter drops every NoSchedule taint from spec.setNode.taints, a known flaw; the sandbox
            // emulates the documented intent and drops only the kins taint.
            if (spec["setNode"]?["taints"] is JsonArray taints)
            {
                foreach (var t in taints.OfType<JsonObject>().Where(t => (string?)t["key"] == SuperEdgeNames.KinsTaintKey).ToList()) { taints.Remove(t); }
                if (taints.Count == 0) { ((JsonObject)spec["setNode"]!).Remove("taints"); }
            }
            spec.Remove("unitCredentialConfigMapRef");
            return !JsonNode.DeepEquals(before, spec);
        });
        WriteStatus(name, members, clusterStatus: null, clearClusterStatus: true);
    }

    /// <summary>Deletes the unit's kins objects by their labels, the server roles and the kins taint on its nodes.</summary>
    private void Teardown(string name, JsonObject unit, UnitMembers members)
    {
        var selector = LabelSelector.Parse(SuperEdgeNames.UnitResourceSelector(name));
        foreach (var type in new[] { BuiltinResources.DaemonSets, BuiltinResources.StatefulSets, BuiltinResources.ConfigMaps })
        {
            foreach (var obj in _client.List(type, Ns, selector)) { _client.DeleteIfExists(type, Ns, obj.Name); }
        }
        foreach (var pv in _client.List(BuiltinResources.PersistentVolumes, labels: selector))
        {
            _client.Mutate(BuiltinResources.PersistentVolumes, null, pv.Name, p => Obj(p, "metadata").Remove("finalizers"));
            _client.DeleteIfExists(BuiltinResources.PersistentVolumes, null, pv.Name);
        }
        var pvcSelector = LabelSelector.FromMatchLabels([new(SuperEdgeNames.PvcUnitLabel, name)]);
        foreach (var pvc in _client.List(BuiltinResources.PersistentVolumeClaims, labels: pvcSelector))
        {
            _client.DeleteIfExists(BuiltinResources.PersistentVolumeClaims, pvc.Namespace, pvc.Name);
        }
        _client.DeleteIfExists(BuiltinResources.Services, Ns, SuperEdgeNames.KinsService(name));
        _client.DeleteIfExists(BuiltinResources.Services, Ns, SuperEdgeNames.KinsInitService(name));
        if ((string?)unit["metadata"]?["annotations"]?[SuperEdgeNames.ClearClusterAnnotation] == SuperEdgeNames.ClearClusterAnnotationValue)
        {
            _client.DeleteIfExists(BuiltinResources.Secrets, Ns, SuperEdgeNames.KinsSecret(name));
        }
        foreach (var node in members.Nodes)
        {
            _client.Mutate(BuiltinResources.Nodes, null, node.Name, n => Obj(Obj(n, "metadata"), "labels").Remove(SuperEdgeNames.KinsRoleLabel) | RemoveKinsTaint(n));
        }
    }

    /// <summary>Objects labelled for the unit that the plan no longer has (the join servers after L5 to L4, PVs of former servers).</summary>
    private void RemoveUnplanned(string name, KinsPlan plan)
    {
        var planned = plan.Objects.Select(o => o.Kind + "/" + o.Name).ToHashSet(StringComparer.Ordinal);
        var selector = LabelSelector.Parse(SuperEdgeNames.UnitResourceSelector(name));
        foreach (var sts in _client.List(BuiltinResources.StatefulSets, Ns, selector).Where(s => !planned.Contains("StatefulSet/" + s.Name)))
        {
            _client.DeleteIfExists(BuiltinResources.StatefulSets, Ns, sts.Name);
        }
        foreach (var pv in _client.List(BuiltinResources.PersistentVolumes, labels: selector).Where(p => !planned.Contains("PersistentVolume/" + p.Name)))
        {
            _client.Mutate(BuiltinResources.PersistentVolumes, null, pv.Name, p => Obj(p, "metadata").Remove("finalizers"));
            _client.DeleteIfExists(BuiltinResources.PersistentVolumes, null, pv.Name);
        }
    }

    /// <summary>The unit's Secret: kept across demotions, so a re-promotion reuses its tokens.</summary>
    private UnitSecret EnsureSecret(string name)
    {
        if (_client.Get(BuiltinResources.Secrets, Ns, SuperEdgeNames.KinsSecret(name)) is { } existing && UnitSecret.From(existing.Parse()) is { } tokens)
        {
            return tokens;
        }
        var fresh = UnitSecret.New();
        var planned = new PlannedObject(KinsComponent.Secret, "v1", "Secret", Ns, SuperEdgeNames.KinsSecret(name));
        if (!_client.TryCreate(BuiltinResources.Secrets, KinsObjects.Build(planned, name, new Dictionary<string, string>(), fresh, _edges)))
        {
            return UnitSecret.From(_client.Get(BuiltinResources.Secrets, Ns, SuperEdgeNames.KinsSecret(name))!.Parse()) ?? fresh;
        }
        return fresh;
    }

    private static JsonObject Failed(string message) => new()
    {
        ["phase"] = SuperEdgeNames.UnitClusterPhaseFailed,
        ["conditions"] = new JsonArray(new JsonObject
        {
            ["type"] = SuperEdgeNames.InitConditionType, ["status"] = "False", ["message"] = message,
            ["lastProbeTime"] = Timestamps.Now(), ["lastTransitionTime"] = Timestamps.Now(),
        }),
    };

    private static ResourceType TypeOf(string kind) => kind switch
    {
        "StorageClass" => BuiltinResources.StorageClasses,
        "PersistentVolume" => BuiltinResources.PersistentVolumes,
        "Secret" => BuiltinResources.Secrets,
        "DaemonSet" => BuiltinResources.DaemonSets,
        "StatefulSet" => BuiltinResources.StatefulSets,
        "Service" => BuiltinResources.Services,
        "ConfigMap" => BuiltinResources.ConfigMaps,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a kind site-manager creates."),
    };
}
