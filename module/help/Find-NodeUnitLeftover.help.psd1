@{
    Synopsis    = 'Lists what SuperEdge v0.9 left behind for each unit, for review before Repair-NodeUnit.'

    Description = @'
SuperEdge v0.9's site-manager leaves things behind that no tool cleans up. Find-NodeUnitLeftover reads the cluster and emits one Kins.NodeUnitLeftover per thing left behind, by the rules of SuperEdge's own code only; nothing that could still be in use is reported as removable.

Removable findings (Repair-NodeUnit removes them):
- RoleLabel: the label site.superedge.io/kins-role on a member of an L3 unit that is not in its spec.nodes (site-manager removes the role only from nodes listed there, so selector members keep it after demotion) and that no promoted unit counts as a member. Any unit promoted over that node later would take it as its K3s server.
- KinsTaint: the taint kins:NoSchedule on a member of an L3 unit defined only by a selector (site-manager never cleans such nodes), when no promoted unit counts the node as a member.
- ServerClaim and ServerVolume: the PVC and the PV <unit>-local-pv-<node> of a server node that was deleted from the cluster. site-manager deletes them only when a node leaves spec.nodes; after a Node deletion the server pod stays Pending on the gone node's volume.

Reported only (Removable is False; Repair-NodeUnit never changes them):
- JoinStatefulSet: <unit>-server-kins-join on an L4 unit after L5 to L4. Its two servers are members of the embedded etcd: deleting them would leave one member of three and no quorum. To shrink, demote to L3 (which destroys the K3s cluster) and promote to L4.
- StrippedTaint: a NoSchedule taint on a member of an L3 selector-only unit that no unit's spec.setNode.taints lists. site-manager's L3 pass drops every NoSchedule taint from setNode, but such a taint may as well have been set by hand, so Kins cannot tell; restore it yourself if it was wanted.

Each finding says what it is (Kind, Resource, Detail), why (Reason) and what Repair-NodeUnit would do (Action), and carries its Context, so it can be piped to Repair-NodeUnit.
'@

    Parameters  = @{
        Name = 'Names of the units to inspect (no wildcards). Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Context and Kubeconfig. Alias: NodeUnit.'
    }

    Examples    = @(
        @{
            Title   = 'What a demoted selector unit left on its nodes'
            Code    = @'
PS> Find-NodeUnitLeftover shops-north

NODEUNIT    KIND      RESOURCE        DETAIL                               REMOVABLE
--------    ----      ------          ----                                 ---------
shops-north RoleLabel node/shop-n-01  site.superedge.io/kins-role=server   True
shops-north KinsTaint node/shop-n-01  kins:NoSchedule                      True
'@
            Remarks = 'shops-north selected its nodes by label and was demoted to L3: SuperEdge v0.9 left the server role and the kins taint on its node.'
        }
        @{
            Title   = 'Every leftover of the fleet, with the reasons'
            Code    = @'
PS> Get-NodeUnit | Find-NodeUnitLeftover | Format-List NodeUnit, Kind, Resource, Reason, Action
'@
            Remarks = 'Inspects every unit and shows why each finding is a leftover and what Repair-NodeUnit would do with it.'
        }
    )

    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Unit names, bound to -Name.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'Units from Get-NodeUnit (Name, Context and Kubeconfig bind by property name).' }
    )

    Outputs     = @(
        @{ Type = 'Kins.NodeUnitLeftover'; Description = 'NodeUnit, Kind, Resource, Detail, Reason, Removable, Action, Context.' }
    )

    Notes       = @'
Find-NodeUnitLeftover only reads: the unit, every unit's level (once per call), the unit's member nodes, its PVs and their PVCs, and its join StatefulSet.

Error ids: NodeUnitNotFound, ClusterUnreachable.
'@

    Links       = @(
        'about_Kins'
        'Repair-NodeUnit'
        'Get-NodeUnit'
    )
}
