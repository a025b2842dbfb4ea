using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;
using Kins.Sandbox.World;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// installUnitCluster (kins.go:91-164), run at every pass of a unit whose level is exactly L4 or L5, steps in the
/// sheet's order ("Promotion (L4 or L5): the install pass"). Workloads are created or updated at every pass, so
/// hand edits are reverted; Secret and ConfigMap are created only if absent. The first pass that gets through
/// step 12 sets the credential reference and the kins taint at once, before any pod runs (flaw 3). Any error ends
/// the pass with its text, which the caller writes as the Failed condition.
/// </summary>
internal sealed class KinsInstaller
{
    private const string Ns = SuperEdgeNames.KinsNamespace;
    private readonly StoreClient _client;
    private readonly ResourceType _units;
    private readonly IEdgeEndpoints? _edges;

    public KinsInstaller(StoreClient client, ResourceType units, IEdgeEndpoints? edges)
    {
        _client = client;
        _units = units;
        _edges = edges;
    }

    public void Install(Unit unit)
    {
        var name = unit.Name;
        var l5 = unit.Level == "L5";
        Api(() => WorldBuilder.EnsureNamespace(_client.Store, Ns), null);                                       // 1
        var servers = LabelServers(unit);                                                                        // 2
        CreateOrUpdate(BuiltinResources.StorageClasses, KinsManifests.StorageClass(), "podSecurityPolicy"); // 3
        foreach (var node in servers)                                                                            // 4
        {
            if (_client.Get(BuiltinResources.PersistentVolumes, null, SuperEdgeNames.LocalPersistentVolume(name, node)) is null)
            {
                Api(() => _client.Create(BuiltinResources.PersistentVolumes, KinsManifests.PersistentVolume(name, node)), "unable to create PersistentVolume");
            }
        }
        var parameters = unit.Parameters;
        var criwImage = parameters.TryGetValue(SuperEdgeNames.ParameterCriwImage, out var c) && c.Length > 0 ? c : SuperEdgeNames.DefaultCriwImage;
        CreateOrUpdate(BuiltinResources.DaemonSets, KinsManifests.CriDaemonSet(name, criwImage), "daemonset"); // 5
        var k3s = K3sSettings.From(parameters);
        CreateOrUpdateService(KinsManifests.InitService(name));                                                  // 6
        CreateOrUpdate(BuiltinResources.StatefulSets, KinsManifests.ServerStatefulSet(name, join: false, k3s), "statefulSet"); // 7
        if (l5)
        {
            CreateOrUpdate(BuiltinResources.StatefulSets, KinsManifests.ServerStatefulSet(name, join: true, k3s), "statefulSet"); // 8
        }
        CreateOrUpdateService(KinsManifests.Service(name));                                                      // 9
        CreateOrUpdate(BuiltinResources.DaemonSets, KinsManifests.AgentDaemonSet(name, k3s.Image), "daemonset"); // 10
        var secret = EnsureSecret(name);                                                                         // 11
        if (_client.Get(BuiltinResources.ConfigMaps, Ns, SuperEdgeNames.KinsConfigMap(name)) is null)           // 12
        {
            var kubeconfig = EdgeKubeconfig.Render(name, secret.KubeconfigToken, _edges);
            Api(() => _client.Create(BuiltinResources.ConfigMaps, KinsManifests.ConfigMap(name, kubeconfig)), "unable to create configmap");
        }
        SetTaintAndCredentialReference(unit);                                                                    // 13
    }

    /// <summary>
    /// labelServerNode (kins.go:166-253): members already labelled server count first; L4 needs one, L5 three. Missing
    /// ones come from <c>status.readyNodes</c> of the last status write, in its order, if Ready now (L5 skipping nodes
    /// already server), labelled by server-side apply. A unit created at L4/L5 has no readyNodes yet: its first
    /// install pass always fails with "Insufficient Ready Node" (flaw 2).
    /// </summary>
    private List<string> LabelServers(Unit unit)
    {
        var servers = UnitNodes.Members(_client, unit).Values.Where(IsServer).Select(n => n.Name).ToList();
        var needed = unit.Level == "L5" ? 3 : 1;
        if (servers.Count >= needed)
        {
            return servers;
        }
        var readyNodes = unit.StatusReadyNodes;
        if (readyNodes.Count < needed)
        {
            throw new SiteManagerException(SuperEdgeNames.InsufficientReadyNodeMessage);
        }
        foreach (var nodeName in readyNodes)
        {
            if (_client.Get(BuiltinResources.Nodes, null, nodeName) is not { } node
                || (needed == 3 && IsServer(node))
                || !Simulation.NodeReadiness.IsReady(node.Parse()))
            {
                continue;
            }
            Api(() => _client.Mutate(BuiltinResources.Nodes, null, nodeName, n =>
            {
                var labels = JsonEdit.Obj(JsonEdit.Obj(n, "metadata"), "labels");
                if ((string?)labels[SuperEdgeNames.KinsRoleLabel] == SuperEdgeNames.KinsRoleServer) { return false; }
                labels[SuperEdgeNames.KinsRoleLabel] = SuperEdgeNames.KinsRoleServer;
                return true;
            }), null);
            servers.Add(nodeName);
            if (servers.Count == needed) { break; }
        }
        if (servers.Count < needed)
        {
            throw new SiteManagerException(needed == 1 ? SuperEdgeNames.NoAvailableNodeMessage : SuperEdgeNames.TooFewAvailableNodesMessage(servers));
        }
        return servers;
    }

    /// <summary>creatSecret (kins.go:351-379): Get; create only when absent, else reuse its tokens.</summary>
    private UnitSecret EnsureSecret(string name)
    {
        if (_client.Get(BuiltinResources.Secrets, Ns, SuperEdgeNames.KinsSecret(name)) is { } existing)
        {
            return UnitSecret.From(existing.Parse()) ?? throw new SiteManagerException($"the Secret {SuperEdgeNames.KinsSecret(name)} holds no known_tokens.csv");
        }
        var fresh = UnitSecret.New(name);
        Api(() => _client.Create(BuiltinResources.Secrets, KinsManifests.Secret(name, fresh)), "unable to create secret");
        return fresh;
    }

    /// <summary>
    /// Step 13 (kins.go:145-161): if the <c>kins</c> NoSchedule taint or the reference is missing, append the taint
    /// (even when present, if only the reference was missing) and set the reference, in one whole-object Update with
    /// the resourceVersion read at the start of the pass.
    /// </summary>
    private void SetTaintAndCredentialReference(Unit unit)
    {
        var hasTaint = (unit.SetNodeTaints ?? []).OfType<JsonObject>()
            .Any(t => (string?)t["key"] == SuperEdgeNames.KinsTaintKey && (string?)t["effect"] == SuperEdgeNames.KinsTaintEffect);
        if (hasTaint && unit.CredentialRef is not null)
        {
            return;
        }
        var next = unit.Clone();
        JsonEdit.Arr(next.SetNode, "taints").Add(new JsonObject { ["key"] = SuperEdgeNames.KinsTaintKey, ["effect"] = SuperEdgeNames.KinsTaintEffect });
        next.Spec["unitCredentialConfigMapRef"] = new JsonObject
        {
            ["kind"] = "ConfigMap", ["namespace"] = Ns, ["name"] = SuperEdgeNames.KinsConfigMap(unit.Name),
        };
        Api(() => _client.Update(_units, next.Object), null);
    }

    /// <summary>
    /// Create; on AlreadyExists, Update without a resourceVersion (create_resource.go:126-137, 295-306, 376-386); errors
    /// wrapped "unable to create &lt;what&gt;" or "unable to update &lt;what&gt;" (the StorageClass's say podSecurityPolicy).
    /// </summary>
    private void CreateOrUpdate(ResourceType type, JsonObject obj, string what)
    {
        try
        {
            _client.Create(type, obj.DeepClone().AsObject());
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists")
        {
            Api(() => _client.Update(type, obj), "unable to update " + what);
        }
        catch (ApiException e)
        {
            throw SiteManagerException.Wrap(e, "unable to create " + what);
        }
    }

    /// <summary>CreateOrUpdateService (create_resource.go:270-292): Get, then Update with the live resourceVersion, else Create.</summary>
    private void CreateOrUpdateService(JsonObject service)
    {
        var name = (string)service["metadata"]!["name"]!;
        if (_client.Get(BuiltinResources.Services, Ns, name) is { } live)
        {
            service["metadata"]!["resourceVersion"] = live.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Api(() => _client.Update(BuiltinResources.Services, service), null);
            return;
        }
        Api(() => _client.Create(BuiltinResources.Services, service), "unable to create service");
    }

    private static bool IsServer(StoredObject node) =>
        node.Labels.TryGetValue(SuperEdgeNames.KinsRoleLabel, out var role) && role == SuperEdgeNames.KinsRoleServer;

    /// <summary>Runs an API call; its error becomes site-manager's error text, wrapped as the Go code wraps it.</summary>
    private static void Api(Action call, string? wrap)
    {
        try
        {
            call();
        }
        catch (ApiException e)
        {
            throw wrap is null ? new SiteManagerException(e.Message, e) : SiteManagerException.Wrap(e, wrap);
        }
    }
}
