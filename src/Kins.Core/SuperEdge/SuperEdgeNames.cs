namespace Kins.Core.SuperEdge;

/// <summary>
/// Every name, label, annotation and key that SuperEdge's site-manager uses for a NodeUnit
/// (see shared/superedge/SITE-MANAGER.md). No other file spells these strings.
/// </summary>
public static partial class SuperEdgeNames
{
    public const string Group = "site.superedge.io";
    public const string Version = "v1alpha2";
    public const string ApiVersion = Group + "/" + Version;
    public const string LegacyVersion = "v1alpha1";
    public const string Kind = "NodeUnit";
    public const string ListKind = "NodeUnitList";
    public const string Plural = "nodeunits";
    public const string Singular = "nodeunit";
    public const string ShortName = "nu";
    public const string CrdName = Plural + "." + Group;

    public const string Finalizer = "site.superedge.io/nodeunit";

    /// <summary>
    /// Kins' own annotation, set in the same merge patch as spec.autonomyLevel: when Kins last changed the level
    /// (RFC 3339, UTC). A Failed phase whose lastProbeTime is older belongs to an earlier level (flaw 1).
    /// </summary>
    public const string LevelChangedAnnotation = "kins/autonomy-level-changed-at";

    /// <summary>site-manager's informer resync period (<c>--sync-period</c>, default 30 s): a persisting install error is rewritten at least this often.</summary>
    public static readonly TimeSpan DefaultSyncPeriod = TimeSpan.FromSeconds(30);
    public const string KinsNamespace = "kins-system";
    public const string EdgeSystemNamespace = "edge-system";

    /// <summary>Value of the membership label <c>&lt;unit&gt;=nodeunits.superedge.io</c>.</summary>
    public const string MembershipLabelValue = "nodeunits.superedge.io";
    public const string KinsResourceLabel = "site.superedge.io/kins-resource";
    public const string KinsResourceLabelValue = "yes";
    public const string KinsRoleLabel = "site.superedge.io/kins-role";
    public const string KinsRoleServer = "server";
    public const string PvcUnitLabel = "site.superedge.io/nodeunit";
    public const string ClearClusterAnnotation = "site.superedge.io/clear-cluster";
    public const string ClearClusterAnnotationValue = "yes";
    public const string KinsTaintKey = "kins";
    public const string KinsTaintEffect = "NoSchedule";

    public const string StorageClassName = "kins-localvolume";
    public const string KubeconfigKey = "kubeconfig.conf";
    public const string K3sTokenKey = "k3stoken";
    public const string JoinTokenKey = "jointoken";
    public const string KnownTokensKey = "known_tokens.csv";

    public const string TunnelCloudService = "tunnel-cloud";
    public const string HttpProxyPortName = "http-proxy";
    public const int HttpProxyPort = 8080;
    public const int KinsServicePort = 443;
    public const string KinsServicePortName = "https";
    public const int K3sApiPort = 6443;

    public const string DefaultServiceCidr = "26.0.0.0/16";
    public const string DefaultNodePortRange = "40000-41000";
    public const string DefaultClusterDns = "26.0.0.255";
    public const string EdgeClusterServer = "https://26.0.0.1";
    /// <summary>Cluster, context and user name in every unit's edge kubeconfig.</summary>
    public const string EdgeKubeconfigEntryName = "default";

    /// <summary>The only phase site-manager v0.9 ever writes (node_unit.go:512-523).</summary>
    public const string UnitClusterPhaseFailed = "Failed";
    public const string KinsTokenAccountFields = ",admin,admin,system:masters";
    /// <summary>Images of the kins workloads when the unit's parameters give none (kins.go:651-684; unitcluster/common.go:11-14).</summary>
    public const string DefaultK3sImage = "ccr.ccs.tencentyun.com/tkeedge/k3s:v1.22.6-revison-1";
    /// <summary>The <c>/version</c> gitVersion of that image's K3s API server.</summary>
    public const string K3sGitVersion = "v1.22.6+k3s1";
    /// <summary>Suffix of every unit's kins Service name (<c>&lt;unit&gt;-svc-kins</c>).</summary>
    public const string KinsServiceSuffix = "-svc-kins";
    /// <summary>The cluster DNS domain that Service names may end with (<c>.svc</c>, <c>.svc.cluster.local</c>).</summary>
    public const string ClusterDomain = "cluster.local";
    public const string DefaultCriwImage = "ccr.ccs.tencentyun.com/tkeedge/cri-w:v0.1.0";
    public const string InitConditionType = "Init";
    public const string InsufficientReadyNodeMessage = "Insufficient Ready Node";

    public const string ParameterK3sImage = "k3s-image";
    public const string ParameterCriwImage = "criw-image";
    public const string ParameterServiceCidr = "service-cidr";
    public const string ParameterNodePortRange = "node-port-range";
    public const string StorageTypeSqlite = "sqlite";
    public const string StorageTypeEtcd = "etcd";

    public static string MembershipLabelKey(string unit) => Unit(unit);
    /// <summary>The membership label as a label selector (and as kubectl shows it): <c>&lt;unit&gt;=nodeunits.superedge.io</c>.</summary>
    public static string MembershipSelector(string unit) => MembershipLabelKey(unit) + "=" + MembershipLabelValue;
    public static string KinsConfigMap(string unit) => Unit(unit) + "-cm-kins";
    public static string KinsSecret(string unit) => Unit(unit) + "-sec-kins";
    public static string KinsService(string unit) => Unit(unit) + KinsServiceSuffix;
    public static string KinsInitService(string unit) => Unit(unit) + "-server-kins-init";
    public static string ServerStatefulSet(string unit) => Unit(unit) + "-server-kins";
    public static string JoinStatefulSet(string unit) => Unit(unit) + "-server-kins-join";
    public static string AgentDaemonSet(string unit) => Unit(unit) + "-agent-kins";
    public static string CriDaemonSet(string unit) => Unit(unit) + "-cri-kins";
    public static string LocalPersistentVolume(string unit, string node) => LocalPersistentVolumePrefix(unit) + node;
    /// <summary>What every server PV of <paramref name="unit"/> starts with; the rest of the name is the server node.</summary>
    public static string LocalPersistentVolumePrefix(string unit) => Unit(unit) + "-local-pv-";
    public static string FirstServerPod(string unit) => ServerStatefulSet(unit) + "-0";

    /// <summary>The cluster-side DNS name of the unit's K3s Service, as the article writes it.</summary>
    public static string KinsServiceHost(string unit) => KinsService(unit) + "." + KinsNamespace;
    public static string KinsServiceUrl(string unit) => "https://" + KinsServiceHost(unit) + ":" + KinsServicePort;

    /// <summary>Label selector for every object site-manager created for <paramref name="unit"/>.</summary>
    public static string UnitResourceSelector(string unit) =>
        KinsResourceLabel + "=" + KinsResourceLabelValue + "," + MembershipLabelKey(unit) + "=" + MembershipLabelValue;

    /// <summary>Label selector for every object site-manager created for any unit.</summary>
    public static string AllKinsResourcesSelector => KinsResourceLabel + "=" + KinsResourceLabelValue;

    /// <summary>Label selector for the K3s server pods of any unit (they carry no kins-resource or membership label).</summary>
    public static string AllServerPodsSelector => UnitPodLabel;

    /// <summary>Label selector for the K3s server pods of <paramref name="unit"/>.</summary>
    public static string UnitServerPodsSelector(string unit) => UnitPodLabel + "=" + unit;

    public static IReadOnlyDictionary<string, string> UnitResourceLabels(string unit) => new Dictionary<string, string>
    {
        [KinsResourceLabel] = KinsResourceLabelValue,
        [MembershipLabelKey(unit)] = MembershipLabelValue,
    };

    private static string Unit(string unit)
    {
        ArgumentException.ThrowIfNullOrEmpty(unit);
        return unit;
    }
}
