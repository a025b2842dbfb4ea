namespace Kins.Core.Repair;

/// <summary>What SuperEdge v0.9 left behind (SITE-MANAGER.md, "Flaws of v0.9").</summary>
public enum LeftoverKind
{
    /// <summary><c>site.superedge.io/kins-role</c> on a node of an L3 unit that no promoted unit claims (flaws 4, 5).</summary>
    RoleLabel,
    /// <summary>The <c>kins:NoSchedule</c> taint on a node of an L3 selector-only unit (flaw 4).</summary>
    KinsTaint,
    /// <summary>PV <c>&lt;unit&gt;-local-pv-&lt;node&gt;</c> of a server node that no longer exists.</summary>
    ServerVolume,
    /// <summary>The PVC bound to such a PV (its server pod stays Pending).</summary>
    ServerClaim,
    /// <summary>StatefulSet <c>&lt;unit&gt;-server-kins-join</c> left running after L5 → L4 (flaw 10). Reported only.</summary>
    JoinStatefulSet,
    /// <summary>
    /// The membership label <c>&lt;unit&gt;=nodeunits.superedge.io</c> of a unit that no longer exists (flaws 4, 18):
    /// node events for that node then enqueue none of its units.
    /// </summary>
    MembershipLabel,
    /// <summary>A NoSchedule taint on a member that <c>spec.setNode.taints</c> no longer lists (the L3 taint filter, flaw 7). Reported only.</summary>
    StrippedTaint,
}
