using System.Text.Json.Nodes;
using Kins.Core.SuperEdge;
using static Kins.Sandbox.Controllers.JsonEdit;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// The objects of a unit's edge cluster as site-manager v0.9.0's templates render them
/// (pkg/site-manager/controller/unitcluster/manifest/*.go): names, labels, selectors, affinities, ports, images and
/// arguments as written there. Objects carry <c>site.superedge.io/kins-resource=yes</c> and
/// <c>&lt;unit&gt;=nodeunits.superedge.io</c>; pods carry only the labels of their template.
/// </summary>
internal static class KinsManifests
{
    private const string Ns = SuperEdgeNames.KinsNamespace;
    private const string RoleKey = SuperEdgeNames.KinsRoleLabel;

    /// <summary>manifest/kins_storage.go:4-13: shared by all units, labelled kins-resource only.</summary>
    public static JsonObject StorageClass() => new()
    {
        ["apiVersion"] = "storage.k8s.io/v1", ["kind"] = "StorageClass",
        ["metadata"] = new JsonObject
        {
            ["name"] = SuperEdgeNames.StorageClassName,
            ["labels"] = new JsonObject { [SuperEdgeNames.KinsResourceLabel] = SuperEdgeNames.KinsResourceLabelValue },
        },
        ["provisioner"] = "kubernetes.io/no-provisioner",
        ["volumeBindingMode"] = "WaitForFirstConsumer",
    };

    /// <summary>manifest/kins_storage.go:15-44: one per server node.</summary>
    public static JsonObject PersistentVolume(string unit, string node) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "PersistentVolume", ["metadata"] = Meta(unit, SuperEdgeNames.LocalPersistentVolume(unit, node), namespaced: false),
        ["spec"] = new JsonObject
        {
            ["capacity"] = new JsonObject { ["storage"] = "10Gi" },
            ["accessModes"] = new JsonArray("ReadWriteOnce"),
            ["persistentVolumeReclaimPolicy"] = "Retain",
            ["storageClassName"] = SuperEdgeNames.StorageClassName,
            ["hostPath"] = new JsonObject { ["path"] = SuperEdgeNames.LocalVolumePath, ["type"] = "DirectoryOrCreate" },
            ["nodeAffinity"] = new JsonObject
            {
                ["required"] = new JsonObject { ["nodeSelectorTerms"] = new JsonArray(Term(In(SuperEdgeNames.HostnameLabel, node))) },
            },
        },
    };

    /// <summary>manifest/kins_criw.go:3-37: on every member, selector and pod label only kins-role=cri-wrapper.</summary>
    public static JsonObject CriDaemonSet(string unit, string image)
    {
        var podLabels = new JsonObject { [RoleKey] = SuperEdgeNames.KinsRoleCriWrapper };
        var container = Container("cri-wrapper", image);
        container["securityContext"] = new JsonObject { ["privileged"] = true };
        var spec = new JsonObject
        {
            ["affinity"] = new JsonObject { ["nodeAffinity"] = RequiredNodeAffinity(MemberOf(unit)) },
            ["hostNetwork"] = true,
            ["tolerations"] = KinsToleration(),
            ["containers"] = new JsonArray(container),
        };
        return DaemonSet(unit, SuperEdgeNames.CriDaemonSet(unit), podLabels, spec);
    }

    /// <summary>manifest/kins_agent.go:3-76: on members whose kins-role is not server, selector and pod label only kins-role=agent.</summary>
    public static JsonObject AgentDaemonSet(string unit, string image)
    {
        var podLabels = new JsonObject { [RoleKey] = SuperEdgeNames.KinsRoleAgent };
        var agent = Container("agent", image);
        agent["securityContext"] = new JsonObject { ["privileged"] = true };
        agent["command"] = new JsonArray("/k3s");
        agent["env"] = new JsonArray(SecretEnv("K3S_JOIN_TOKEN", SuperEdgeNames.KinsSecret(unit), SuperEdgeNames.JoinTokenKey), NodeNameEnv());
        agent["args"] = new JsonArray("agent", "--container-runtime-endpoint=/run/kins.sock", "--server=https://" + SuperEdgeNames.KinsService(unit),
            "--token=$(K3S_JOIN_TOKEN)", "--kubelet-arg=--cgroup-root=/edgek3s", "--kubelet-arg=--root-dir=/data/edge/rancher-kubelet");
        agent["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 10250 });
        var spec = new JsonObject
        {
            ["tolerations"] = KinsToleration(),
            ["affinity"] = new JsonObject
            {
                ["nodeAffinity"] = RequiredNodeAffinity(
                    new JsonObject { ["key"] = RoleKey, ["operator"] = "NotIn", ["values"] = new JsonArray(SuperEdgeNames.KinsRoleServer) },
                    MemberOf(unit)),
            },
            ["initContainers"] = new JsonArray(MkCgroup(image)),
            ["containers"] = new JsonArray(agent),
        };
        return DaemonSet(unit, SuperEdgeNames.AgentDaemonSet(unit), podLabels, spec);
    }

    /// <summary>manifest/kins_server.go:3-20: headless, port 6443 named https, selecting the init server pod.</summary>
    public static JsonObject InitService(string unit) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = Meta(unit, SuperEdgeNames.KinsInitService(unit)),
        ["spec"] = new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject { ["port"] = SuperEdgeNames.K3sApiPort, ["name"] = SuperEdgeNames.KinsServicePortName }),
            ["clusterIP"] = "None",
            ["selector"] = ServerPodLabels(unit, SuperEdgeNames.ServerTypeInit),
        },
    };

    /// <summary>manifest/kins_service.go:3-21: ClusterIP, 443 https to 6443, selecting every server pod (init and join).</summary>
    public static JsonObject Service(string unit) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Service", ["metadata"] = Meta(unit, SuperEdgeNames.KinsService(unit)),
        ["spec"] = new JsonObject
        {
            ["ports"] = new JsonArray(new JsonObject
            {
                ["port"] = SuperEdgeNames.KinsServicePort, ["name"] = SuperEdgeNames.KinsServicePortName,
                ["targetPort"] = SuperEdgeNames.K3sApiPort, ["protocol"] = "TCP",
            }),
            ["selector"] = new JsonObject { [SuperEdgeNames.UnitPodLabel] = unit, [RoleKey] = SuperEdgeNames.KinsRoleServer },
        },
    };

    /// <summary>
    /// manifest/kins_server.go:22-217 (init, 1 replica, <c>--cluster-init</c>: embedded etcd) and
    /// manifest/kins_server_join.go:3-193 (join, 2 replicas, Parallel, joining the init server).
    /// </summary>
    public static JsonObject ServerStatefulSet(string unit, bool join, K3sSettings k3s)
    {
        var name = join ? SuperEdgeNames.JoinStatefulSet(unit) : SuperEdgeNames.ServerStatefulSet(unit);
        var type = join ? SuperEdgeNames.ServerTypeJoin : SuperEdgeNames.ServerTypeInit;
        var args = new JsonArray("server", "--container-runtime-endpoint=/run/kins.sock", "--flannel-backend=none", "--disable-kube-proxy",
            "--disable-cloud-controller", "--cluster-cidr=169.254.0.0/16", "--service-cidr=" + k3s.ServiceCidr,
            "--service-node-port-range=" + k3s.NodePortRange, "--cluster-dns=" + k3s.ClusterDns,
            "--kube-apiserver-arg=--token-auth-file=/etc/edge/known_tokens.csv", "--kubelet-arg=--cgroup-root=/edgek3s",
            "--kubelet-arg=--root-dir=/data/edge/rancher-kubelet",
            join
                ? $"--server=https://{SuperEdgeNames.FirstServerPod(unit)}.{SuperEdgeNames.KinsInitService(unit)}.{Ns}.svc:{SuperEdgeNames.K3sApiPort}"
                : "--cluster-init");
        var server = Container("server", k3s.Image);
        server["env"] = new JsonArray(SecretEnv("K3S_TOKEN", SuperEdgeNames.KinsSecret(unit), SuperEdgeNames.K3sTokenKey), NodeNameEnv());
        server["securityContext"] = new JsonObject { ["privileged"] = true };
        server["command"] = new JsonArray("/k3s");
        server["args"] = args;
        // The preStop wipes the K3s data on the node: any stop of a server pod destroys its datastore (flaw 9).
        server["lifecycle"] = new JsonObject
        {
            ["preStop"] = new JsonObject
            {
                ["exec"] = new JsonObject
                {
                    ["command"] = new JsonArray("/bin/sh", "-c",
                        "set -x\nset -o pipefail\nrm -rf /var/lib/rancher/*\nrm -rf /etc/rancher/*\nrm -rf /data/edge/rancher-kubelet/*\nrm -rf /data/edge/log/*\n"),
                },
            },
        };
        server["ports"] = new JsonArray(new JsonObject { ["containerPort"] = SuperEdgeNames.K3sApiPort });
        var podSpec = new JsonObject
        {
            ["tolerations"] = KinsToleration(),
            ["affinity"] = new JsonObject
            {
                ["nodeAffinity"] = RequiredNodeAffinity(In(RoleKey, SuperEdgeNames.KinsRoleServer), MemberOf(unit)),
                ["podAntiAffinity"] = new JsonObject
                {
                    ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonArray(new JsonObject
                    {
                        ["labelSelector"] = new JsonObject
                        {
                            ["matchExpressions"] = new JsonArray(new JsonObject
                            {
                                ["key"] = RoleKey, ["operator"] = "In",
                                ["values"] = new JsonArray(SuperEdgeNames.KinsRoleServer, SuperEdgeNames.KinsRoleAgent),
                            }),
                        },
                        ["topologyKey"] = SuperEdgeNames.HostnameLabel,
                    }),
                },
            },
            ["initContainers"] = new JsonArray(MkCgroup(k3s.Image)),
            ["containers"] = new JsonArray(server),
        };
        var spec = new JsonObject
        {
            ["replicas"] = join ? 2 : 1,
            ["serviceName"] = join ? name : SuperEdgeNames.KinsInitService(unit),
            ["selector"] = new JsonObject { ["matchLabels"] = ServerPodLabels(unit, type) },
            ["template"] = new JsonObject
            {
                ["metadata"] = new JsonObject { ["labels"] = ServerPodLabels(unit, type), ["name"] = join ? "k3s-server-join" : "k3s-server" },
                ["spec"] = podSpec,
            },
            ["volumeClaimTemplates"] = new JsonArray(new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = SuperEdgeNames.ServerVolumeClaim },
                ["spec"] = new JsonObject
                {
                    ["accessModes"] = new JsonArray("ReadWriteOnce"),
                    ["storageClassName"] = SuperEdgeNames.StorageClassName,
                    ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["storage"] = "10Gi" } },
                },
            }),
        };
        if (join) { spec["podManagementPolicy"] = "Parallel"; }
        return new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "StatefulSet", ["metadata"] = Meta(unit, name), ["spec"] = spec };
    }

    /// <summary>manifest/kins_info.go:4-18: <c>k3stoken</c> = <c>jointoken</c>, <c>known_tokens.csv</c> = "&lt;token&gt;,admin,admin,system:masters".</summary>
    public static JsonObject Secret(string unit, UnitSecret secret) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = Meta(unit, SuperEdgeNames.KinsSecret(unit)), ["type"] = "Opaque",
        ["data"] = new JsonObject
        {
            [SuperEdgeNames.K3sTokenKey] = UnitSecret.Base64(secret.K3sToken),
            [SuperEdgeNames.JoinTokenKey] = UnitSecret.Base64(secret.K3sToken),
            [SuperEdgeNames.KnownTokensKey] = UnitSecret.Base64(secret.KubeconfigToken + SuperEdgeNames.KinsTokenAccountFields),
        },
    };

    /// <summary>manifest/kins_info.go:19-48: the edge kubeconfig.</summary>
    public static JsonObject ConfigMap(string unit, string kubeconfig) => new()
    {
        ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = Meta(unit, SuperEdgeNames.KinsConfigMap(unit)),
        ["data"] = new JsonObject { [SuperEdgeNames.KubeconfigKey] = kubeconfig },
    };

    private static JsonObject DaemonSet(string unit, string name, JsonObject podLabels, JsonObject podSpec) => new()
    {
        ["apiVersion"] = "apps/v1", ["kind"] = "DaemonSet", ["metadata"] = Meta(unit, name),
        ["spec"] = new JsonObject
        {
            ["selector"] = new JsonObject { ["matchLabels"] = podLabels.DeepClone() },
            ["template"] = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = podLabels }, ["spec"] = podSpec },
        },
    };

    private static JsonObject Meta(string unit, string name, bool namespaced = true)
    {
        var meta = new JsonObject { ["name"] = name, ["labels"] = Map(SuperEdgeNames.UnitResourceLabels(unit)) };
        if (namespaced) { meta["namespace"] = Ns; }
        return meta;
    }

    private static JsonObject ServerPodLabels(string unit, string serverType) => new()
    {
        [SuperEdgeNames.UnitPodLabel] = unit, [RoleKey] = SuperEdgeNames.KinsRoleServer, [SuperEdgeNames.ServerTypeLabel] = serverType,
    };

    private static JsonObject Container(string name, string image) => new() { ["name"] = name, ["image"] = image };

    private static JsonObject MkCgroup(string image)
    {
        var init = Container("mkcgroup", image);
        init["imagePullPolicy"] = "IfNotPresent";
        init["command"] = new JsonArray("/bin/sh", "-c", "for d in $(ls /sys/fs/cgroup)\ndo\n  mkdir -p /sys/fs/cgroup/$d/edgek3s\ndone\n");
        return init;
    }

    private static JsonObject SecretEnv(string name, string secret, string key) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = secret, ["key"] = key, ["optional"] = false } },
    };

    private static JsonObject NodeNameEnv() => new()
    {
        ["name"] = "K3S_NODE_NAME",
        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "spec.nodeName" } },
    };

    private static JsonArray KinsToleration() =>
        new(new JsonObject { ["key"] = SuperEdgeNames.KinsTaintKey, ["operator"] = "Exists", ["effect"] = SuperEdgeNames.KinsTaintEffect });

    private static JsonObject MemberOf(string unit) => In(SuperEdgeNames.MembershipLabelKey(unit), SuperEdgeNames.MembershipLabelValue);

    private static JsonObject In(string key, string value) => new() { ["key"] = key, ["operator"] = "In", ["values"] = new JsonArray(value) };

    private static JsonObject Term(params JsonObject[] expressions) => new() { ["matchExpressions"] = new JsonArray(expressions) };

    private static JsonObject RequiredNodeAffinity(params JsonObject[] expressions) => new()
    {
        ["requiredDuringSchedulingIgnoredDuringExecution"] = new JsonObject { ["nodeSelectorTerms"] = new JsonArray(Term(expressions)) },
    };
}

/// <summary>The K3s settings of a unit's servers (kins.go:651-725; unitcluster/common.go:11-19).</summary>
internal sealed record K3sSettings(string Image, string ServiceCidr, string ClusterDns, string NodePortRange)
{
    /// <summary>
    /// From <c>unitClusterInfo.parameters</c>: <c>k3s-image</c>; <c>service-cidr</c> falls back to 26.0.0.0/16 when it does
    /// not parse, and a valid one makes the DNS address the last of its range (flaw 11); <c>node-port-range</c> unchecked.
    /// </summary>
    public static K3sSettings From(IReadOnlyDictionary<string, string> parameters)
    {
        string Param(string key, string fallback) => parameters.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;
        var cidr = SuperEdgeNames.DefaultServiceCidr;
        var dns = SuperEdgeNames.DefaultClusterDns;
        if (parameters.TryGetValue(SuperEdgeNames.ParameterServiceCidr, out var asked) && ParseCidr(asked) is var (value, prefix))
        {
            // Go's net.ParseCIDR accepts host bits; the DNS address is the last of the range (getLastCIDRIPByIndex).
            cidr = asked;
            var last = value | (prefix == 0 ? uint.MaxValue : (1u << (32 - prefix)) - 1);
            dns = $"{last >> 24}.{(last >> 16) & 255}.{(last >> 8) & 255}.{last & 255}";
        }
        return new K3sSettings(Param(SuperEdgeNames.ParameterK3sImage, SuperEdgeNames.DefaultK3sImage), cidr, dns,
            Param(SuperEdgeNames.ParameterNodePortRange, SuperEdgeNames.DefaultNodePortRange));
    }

    private static (uint Address, int Prefix)? ParseCidr(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !System.Net.IPAddress.TryParse(parts[0], out var ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork
            || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            return null;
        }
        var b = ip.GetAddressBytes();
        return (((uint)b[0] << 24) | ((uint)b[1] << 16) | ((uint)b[2] << 8) | b[3], prefix);
    }
}
