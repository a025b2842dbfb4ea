using System.Globalization;
using System.Text.Json.Nodes;
using Kins.Core.Model;
using Kins.Core.SuperEdge;
using Kins.Core.Sandbox;
using Kins.Sandbox.Simulation;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.World;

/// <summary>
/// Builds the starting world: the namespaces every cluster has, and unless empty the article's world (SuperEdge's
/// CRD, node <c>master</c>, nodes <c>edge1..3</c>, NodeUnit <c>test</c> at L3, <c>edge-system/tunnel-cloud</c>) plus
/// <c>--sites</c> units of <c>--nodes-per-site</c> nodes.
/// </summary>
internal sealed class WorldBuilder
{
    public const string MasterNode = "master";
    public const string ArticleUnit = "test";
    public const int NodePortMin = 30000;
    public const int NodePortMax = 32767;
    private static readonly string[] AlwaysNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];
    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;

    public WorldBuilder(ObjectStore store, ResourceRegistry registry)
    {
        _store = store;
        _registry = registry;
    }

    public void Build(SandboxOptions options)
    {
        foreach (var ns in AlwaysNamespaces) { EnsureNamespace(_store, ns); }
        if (options.Empty)
        {
            return;
        }
        Create(BuiltinResources.CustomResourceDefinitions, EmbeddedCrd.NodeUnits());
        Create(BuiltinResources.Nodes, Node(MasterNode, "127.0.0.1", master: true));
        var edges = new[] { "edge1", "edge2", "edge3" };
        for (var i = 0; i < edges.Length; i++)
        {
            Create(BuiltinResources.Nodes, Node(edges[i], $"10.0.0.{11 + i}", master: false));
        }
        CreateUnit(ArticleUnit, edges);
        EnsureNamespace(_store, SuperEdgeNames.EdgeSystemNamespace);
        Create(BuiltinResources.Services, TunnelCloud(FreePort.InRange(NodePortMin, NodePortMax)));
        for (var site = 1; site <= options.Sites; site++)
        {
            var unit = "site-" + site.ToString("0000", CultureInfo.InvariantCulture);
            var nodes = new List<string>();
            for (var n = 1; n <= options.NodesPerSite; n++)
            {
                var name = $"{unit}-node-{n}";
                var index = (site * 16) + n;
                Create(BuiltinResources.Nodes, Node(name, $"10.{1 + (index / 65536)}.{index / 256 % 256}.{index % 256}", master: false));
                nodes.Add(name);
            }
            CreateUnit(unit, nodes);
        }
    }

    public static void EnsureNamespace(ObjectStore store, string name)
    {
        if (store.NamespaceExists(name))
        {
            return;
        }
        try
        {
            store.Create(new WriteContext(BuiltinResources.Namespaces), new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = name },
            });
        }
        catch (ApiException e) when (e.Reason == "AlreadyExists")
        {
            // Created meanwhile.
        }
    }

    private void CreateUnit(string name, IEnumerable<string> nodes)
    {
        var type = _registry.FindStorage(SuperEdgeNames.Group, SuperEdgeNames.Plural)
            ?? throw new InvalidOperationException("The NodeUnit CRD is not served.");
        Create(type, new JsonObject
        {
            ["apiVersion"] = SuperEdgeNames.ApiVersion,
            ["kind"] = SuperEdgeNames.Kind,
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject
            {
                ["autonomyLevel"] = AutonomyLevel.L3.ToSpecValue(),
                ["nodes"] = new JsonArray(nodes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
                ["type"] = "edge",
                ["unschedulable"] = false,
            },
        });
    }

    private void Create(ResourceType type, JsonObject obj) => _store.Create(new WriteContext(type), obj);

    private static JsonObject Node(string name, string ip, bool master)
    {
        var labels = new JsonObject
        {
            ["beta.kubernetes.io/arch"] = "amd64", ["beta.kubernetes.io/os"] = "linux", ["kubernetes.io/arch"] = "amd64",
            ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux",
        };
        if (master)
        {
            labels["node-role.kubernetes.io/control-plane"] = string.Empty;
            labels["node-role.kubernetes.io/master"] = string.Empty;
        }
        var now = Timestamps.Now();
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels },
            ["spec"] = new JsonObject(),
            ["status"] = new JsonObject
            {
                ["addresses"] = new JsonArray(
                    new JsonObject { ["type"] = "InternalIP", ["address"] = ip },
                    new JsonObject { ["type"] = "Hostname", ["address"] = name }),
                ["capacity"] = new JsonObject { ["cpu"] = "4", ["memory"] = "8029304Ki", ["pods"] = "110" },
                ["allocatable"] = new JsonObject { ["cpu"] = "4", ["memory"] = "7926904Ki", ["pods"] = "110" },
                ["conditions"] = NodeReadiness.Conditions(ready: true, now),
                ["nodeInfo"] = new JsonObject
                {
                    ["architecture"] = "amd64", ["operatingSystem"] = "linux", ["osImage"] = "Ubuntu 20.04.3 LTS",
                    ["kernelVersion"] = "5.4.0-91-generic", ["containerRuntimeVersion"] = "containerd://1.5.7",
                    ["kubeletVersion"] = "v1.22.6", ["kubeProxyVersion"] = "v1.22.6",
                },
            },
        };
    }

    private static JsonObject TunnelCloud(int httpProxyNodePort)
    {
        JsonObject Port(string name, int port, int? nodePort = null)
        {
            var p = new JsonObject { ["name"] = name, ["port"] = port, ["protocol"] = "TCP", ["targetPort"] = port };
            if (nodePort is int np) { p["nodePort"] = np; }
            return p;
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject
            {
                ["name"] = SuperEdgeNames.TunnelCloudService, ["namespace"] = SuperEdgeNames.EdgeSystemNamespace,
                ["labels"] = new JsonObject { ["app"] = SuperEdgeNames.TunnelCloudService },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "NodePort",
                ["selector"] = new JsonObject { ["app"] = SuperEdgeNames.TunnelCloudService },
                ["ports"] = new JsonArray(
                    Port("grpc", 9000), Port("ssh", 22), Port("tunnel-metrics", 6000),
                    Port(SuperEdgeNames.HttpProxyPortName, SuperEdgeNames.HttpProxyPort, httpProxyNodePort)),
            },
        };
    }
}
