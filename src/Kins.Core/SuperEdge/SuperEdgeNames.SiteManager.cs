using System.Globalization;

namespace Kins.Core.SuperEdge;

/// <summary>
/// The names and texts that site-manager v0.9.0 writes beyond the unit's own objects: its default unit, the pod
/// labels of its manifests, its event, and its failure messages (SITE-MANAGER.md; sources cited per name).
/// </summary>
public static partial class SuperEdgeNames
{
    /// <summary>The unit site-manager creates at every start if absent (pkg/site-manager/utils/common.go:19, 30-58).</summary>
    public const string AllNodesUnit = "unit-node-all";
    public const string AllNodesUnitType = "other";
    /// <summary>The label every Linux node carries (Kubernetes); <see cref="AllNodesUnit"/> selects by it.</summary>
    public const string OsLabel = "kubernetes.io/os";
    public const string OsLinux = "linux";
    public const string HostnameLabel = "kubernetes.io/hostname";
    /// <summary>The taint Kubernetes' node lifecycle controller puts on a cordoned node; the kins pods do not tolerate it.</summary>
    public const string UnschedulableTaintKey = "node.kubernetes.io/unschedulable";

    /// <summary>Pod label of the server pods and label of the PVCs of a unit: <c>site.superedge.io/nodeunit=&lt;unit&gt;</c> (manifest/kins_server.go:16-18).</summary>
    public const string UnitPodLabel = PvcUnitLabel;
    public const string ServerTypeLabel = "site.superedge.io/server-type";
    public const string ServerTypeInit = "init";
    public const string ServerTypeJoin = "join";
    /// <summary>The only pod label of the agent DaemonSet (manifest/kins_agent.go:13-19).</summary>
    public const string KinsRoleAgent = "agent";
    /// <summary>The only pod label of the CRI wrapper DaemonSet (manifest/kins_criw.go:13-19).</summary>
    public const string KinsRoleCriWrapper = "cri-wrapper";
    /// <summary>The server StatefulSet's volume claim template, so its PVC is <c>rancher-root-&lt;unit&gt;-server-kins-0</c>.</summary>
    public const string ServerVolumeClaim = "rancher-root";
    /// <summary>Host path of every server PV (manifest/kins_storage.go:15-44).</summary>
    public const string LocalVolumePath = "/data/edge/rancher-root";

    /// <summary>Source component of site-manager's events (node_unit.go:104).</summary>
    public const string SiteManagerComponent = "nodeunit-controller";
    /// <summary>Namespace of events about cluster-scoped objects such as NodeUnits (Kubernetes' event recorder).</summary>
    public const string ClusterEventNamespace = "default";
    public const string DeletionBlockedEventMessage = "Before deleting, please adjust the autonomyLevel of nodeunit to L3";

    /// <summary>The "reason" of the Warning event while a unit whose level is not exactly L3 is deleted (node_unit.go:394-400).</summary>
    public static string DeletionBlockedEventReason(string level) =>
        string.Format(CultureInfo.InvariantCulture, "The nodeunit whose autonomyLevel is {0} is not allowed to be deleted", level);

    /// <summary>L4 with no Ready node in <c>status.readyNodes</c> (two spaces, kins.go:208).</summary>
    public const string NoAvailableNodeMessage = "the number of available nodes  is less than one";

    /// <summary>L5 with fewer than three usable nodes; Go prints the list as <c>[a b]</c> (kins.go:248).</summary>
    public static string TooFewAvailableNodesMessage(IEnumerable<string> servers) =>
        "the number of available nodes [" + string.Join(' ', servers) + "] is less than three";
}
