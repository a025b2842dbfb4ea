using System.Text;
using System.Text.Json.Nodes;
using Kins.Core.Plan;
using Kins.Core.SuperEdge;
using static Kins.Sandbox.Controllers.JsonEdit;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// The objects of a unit's edge cluster as site-manager creates them (SITE-MANAGER.md, "Promotion"), each with
/// the labels <c>site.superedge.io/kins-resource=yes</c> and <c>&lt;unit&gt;=nodeunits.superedge.io</c>.
/// </summary>
internal static class KinsObjects
{
    private const string Ns = SuperEdgeNames.KinsNamespace;
    private const string HostnameKey = "kubernetes.io/hostname";

    public static JsonObject Build(PlannedObject planned, string unit, IReadOnlyDictionary<string, string> parameters, UnitSecret secret, IEdgeEndpoints? edges) =>
        planned.Component switch
        {
            KinsComponent.StorageClass => StorageClass(unit),
            KinsComponent.PersistentVolume => PersistentVolume(unit, planned.Name),
            KinsComponent.Secret => Secret(unit, secret),
            KinsComponent.CriDaemonSet => DaemonSet(unit, planned.Name, Image(parameters, SuperEdgeNames.ParameterCriwImage, SuperEdgeNames.DefaultCriwImage), agent: false),
            KinsComponent.AgentDaemonSet => DaemonSet(unit, planned.Name, Image(parameters, SuperEdgeNames.ParameterK3sImage, SuperEdgeNames.DefaultK3sImage), agent: true),
            KinsComponent.InitService => Service(unit, planned.Name, headless: true, ServerPodLabels(unit, SuperEdgeNames.ServerStatefulSet(unit))),
            KinsComponent.Service => Service(unit, planned.Name, headless: false, ServerSelector(unit)),
            KinsComponent.ServerStatefulSet => StatefulSet(unit, planned.Name, KinsPlan.ServerReplicas, parameters),
            KinsComponent.JoinStatefulSet => StatefulSet(unit, planned.Name, KinsPlan.JoinReplicas, parameters),
            KinsComponent.ConfigMap => ConfigMap(unit, planned.Name, secret.KubeconfigToken, edges),
            _ => throw new ArgumentOutOfRangeException(nameof(planned), planned.Component, "Not an object site-manager creates."),
        };

    private static JsonObject Meta(string unit, string name, bool namespaced = true)
    {
        var meta = new JsonObject { ["name"] = name, ["labels"] = Map(SuperEdgeNames.UnitResourceLabels(unit)) };
        if (namespaced) { meta["namespace"] = Ns; }
        return meta;
    }

    private static JsonObject StorageClass(string unit) => new()
    {
        ["apiVersion"] = "storage.k8s.io/v1", ["kind"] = "StorageClass", ["metadata"] = Meta(unit, SuperEdgeNames.StorageClassName, namespaced: false),
        ["provisioner"] = "kubernetes.io/no-provisioner", ["reclaimPolicy"] = "Delete", ["volumeBindingMode"] = "WaitForFirstConsumer",
    };

    private static JsonObject PersistentVolume(string unit, string name)
    {
        var node = name[(SuperEdgeNames.LocalPersistentVolume(unit, string.Empty).Length)..];
        var meta = Meta(unit, name, namespaced: false);
        meta["finalizers"] = new JsonArray("kubernetes.io/pv-protection");
        return new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "PersistentVolume", ["metadata"] = meta,
            ["spec"] = new JsonObject
            {
                ["capacity"] = new JsonObject { ["storage"] = "10Gi" },
                ["accessModes"] = new JsonArray("ReadWriteOnce"),
                ["persistentVolumeReclaimPolicy"] = "Retain",
                ["storageClassName"] = SuperEdgeNames.StorageClassName,
                ["volumeMode"] = "Filesystem",
                ["local"] = new JsonObject { ["path"] = "/var/lib/kins/" + unit },
                ["nodeAffinity"] = new JsonObject
                {
                    ["required"] = new JsonObject
                    {
                        ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                        {
                            ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = HostnameKey, ["operator"] = "In", ["values"] = new JsonArray(node) }),
                        }),
                    },
                },
            },
            ["status"] = new JsonObject { ["phase"] = "Available" },
        };
    }

    private static JsonObject Secret(string unit, UnitSecret secret) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = Meta(unit, SuperEdgeNames.KinsSecret(unit)), ["type"] = "Opaque",
        ["data"] = new JsonObject
        {
            [SuperEdgeNames.K3sTokenKey] = B64(secret.K3sToken),
            [SuperEdgeNames.JoinTokenKey] = B64(secret.JoinToken),
            [SuperEdgeNames.KnownTokensKey] = B64(secret.KubeconfigToken + SuperEdgeNames.KinsTokenAccountFields),
        },
    };

    private static JsonObject ConfigMap(string unit, string name, string token, IEdgeEndpoints? edges) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = Meta(unit, name),
        ["data"] = new JsonObject { [SuperEdgeNames.KubeconfigKey] = EdgeKubeconfig.Render(unit, token, edges) },
    };

    private static JsonObject Service(string unit, string name, bool headless, JsonObject selector)
    {
        var spec = new JsonObject
        {
            ["type"] = "ClusterIP",
            ["selector"] = selector,
            ["ports"] = new JsonArray(headless
                ? new JsonObject { ["name"] = "k3s", ["port"] = SuperEdgeNames.K3sApiPort, ["protocol"] = "TCP", ["targetPort"] = SuperEdgeNames.K3sApiPort }
                : new JsonObject { ["name"] = SuperEdgeNames.KinsServicePortName, ["port"] = SuperEdgeNames.KinsServicePort, ["protocol"] = "TCP", ["targetPort"] = SuperEdgeNames.K3sApiPort }),
        };
        if (headless) { spec["clusterIP"] = "None"; }
        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = Meta(unit, name), ["spec"] = spec };
    }

    private static JsonObject StatefulSet(string unit, string name, int replicas, IReadOnlyDictionary<string, string> parameters)
    {
        var labels = ServerPodLabels(unit, name);
        var podSpec = PodSpec(name, Image(parameters, SuperEdgeNames.ParameterK3sImage, SuperEdgeNames.DefaultK3sImage), hostNetwork: true);
        podSpec["nodeSelector"] = new JsonObject
        {
            [SuperEdgeNames.MembershipLabelKey(unit)] = SuperEdgeNames.MembershipLabelValue,
            [SuperEdgeNames.KinsRoleLabel] = SuperEdgeNames.KinsRoleServer,
        };
        // One K3s master per node: the init server and the joining servers repel each other.
        podSpec["affinity"] = new JsonObject
        {
            ["podAntiAffinity"] = new JsonObject
            {
                ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(new JsonObject
                {
                    ["labelSelector"] = new JsonObject { ["matchLabels"] = ServerSelector(unit) },
                    ["topologyKey"] = HostnameKey,
                }),
            },
        };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["metadata"] = Meta(unit, name),
            ["spec"] = new JsonObject
            {
                ["replicas"] = replicas,
                ["serviceName"] = SuperEdgeNames.KinsInitService(unit),
                ["podManagementPolicy"] = "Parallel",
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [SuperEdgeNames.AppLabel] = name } },
                ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels }, ["spec"] = podSpec },
            },
        };
    }

    private static JsonObject DaemonSet(string unit, string name, string image, bool agent)
    {
        var podSpec = PodSpec(name, image, hostNetwork: true);
        podSpec["nodeSelector"] = new JsonObject { [SuperEdgeNames.MembershipLabelKey(unit)] = SuperEdgeNames.MembershipLabelValue };
        if (agent)
        {
            // Agents run on the unit's nodes that are not K3s servers.
            podSpec["affinity"] = new JsonObject
            {
                ["nodeAffinity"] = new JsonObject
                {
                    ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject
                    {
                        ["nodeSelectorTerms"] = new JsonArray(new JsonObject
                        {
                            ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = SuperEdgeNames.KinsRoleLabel, ["operator"] = "DoesNotExist" }),
                        }),
                    },
                },
            };
        }
        var labels = new JsonObject { [SuperEdgeNames.AppLabel] = name, [SuperEdgeNames.MembershipLabelKey(unit)] = SuperEdgeNames.MembershipLabelValue };
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1", ["kind"] = "DaemonSet", ["metadata"] = Meta(unit, name),
            ["spec"] = new JsonObject
            {
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { [SuperEdgeNames.AppLabel] = name } },
                ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels }, ["spec"] = podSpec },
                ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate" },
            },
        };
    }

    private static JsonObject PodSpec(string name, string image, bool hostNetwork) => new()
    {
        ["hostNetwork"] = hostNetwork,
        ["containers"] = new JsonArray(new JsonObject { ["name"] = name, ["image"] = image, ["imagePullPolicy"] = "IfNotPresent" }),
        ["tolerations"] = new JsonArray(new JsonObject { ["key"] = SuperEdgeNames.KinsTaintKey, ["operator"] = "Exists", ["effect"] = SuperEdgeNames.KinsTaintEffect }),
        ["restartPolicy"] = "Always",
    };

    private static JsonObject ServerPodLabels(string unit, string app) => new()
    {
        [SuperEdgeNames.AppLabel] = app,
        [SuperEdgeNames.MembershipLabelKey(unit)] = SuperEdgeNames.MembershipLabelValue,
        [SuperEdgeNames.KinsRoleLabel] = SuperEdgeNames.KinsRoleServer,
    };

    private static JsonObject ServerSelector(string unit) => new()
    {
        [SuperEdgeNames.MembershipLabelKey(unit)] = SuperEdgeNames.MembershipLabelValue,
        [SuperEdgeNames.KinsRoleLabel] = SuperEdgeNames.KinsRoleServer,
    };

    private static string Image(IReadOnlyDictionary<string, string> parameters, string key, string fallback) =>
        parameters.TryGetValue(key, out var image) && image.Length > 0 ? image : fallback;

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}

/// <summary>The tokens of a unit's Secret: reused from an existing Secret so a re-promotion keeps them.</summary>
internal sealed record UnitSecret(string K3sToken, string JoinToken, string KubeconfigToken)
{
    public static UnitSecret New() => new(Token(), Token(), Token());

    /// <summary>Reads an existing Secret's tokens; null when it lacks them.</summary>
    public static UnitSecret? From(JsonObject secret)
    {
        var data = secret["data"] as JsonObject;
        string? Read(string key) => data?[key] is JsonValue v && v.TryGetValue<string>(out var b64) ? Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;
        var known = Read(SuperEdgeNames.KnownTokensKey);
        var k3s = Read(SuperEdgeNames.K3sTokenKey);
        var join = Read(SuperEdgeNames.JoinTokenKey);
        return known is null || k3s is null || join is null ? null : new UnitSecret(k3s, join, known.Split(',')[0].Trim());
    }

    /// <summary>32 random lowercase letters and digits, like the article's token.</summary>
    private static string Token() => string.Create(32, 0, (span, _) =>
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        for (var i = 0; i < span.Length; i++) { span[i] = alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)]; }
    });
}
