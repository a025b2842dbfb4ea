@{
    Synopsis    = 'Lists what SuperEdge v0.9 left behind for each unit, for review before Repair-NodeUnit.'

    Description = @'
SuperEdge v0.9's site-manager leaves things behind that no tool cleans up. Find-NodeUnitLeftover reads the cluster and emits one Kins.NodeUnitLeftover per thing left behind, by the rules of SuperEdge's own code only; nothing that could still be in use is reported as removable.

Removable findings (Repair-NodeUnit removes them):
- RoleLabel: the label site.superedge.io/kins-role on a member of an L3 unit that is not in its spec.nodes (site-manager removes the role only from nodes listed there, so selector members keep it after demotion) and that no promoted unit counts as a member. Any unit promoted over that node later would take it as its K3s server.
- KinsTaint: the taint kins:NoSchedule on a member of an L3 unit defined only by a selector (site-manager never cleans such nodes), when no promoted unit counts the node as a member.
- MembershipLabel: the label <unit>=nodeunits.superedge.io on a node, for a unit that no longer exists. Name the deleted unit: Find-NodeUnitLeftover old-shop reports, for each node that still carries its membership label, that label, and also its role label and kins taint when no promoted unit counts the node as a member. site-manager never cleans the nodes of a selector-only unit, and it queues the cleanup of the others in memory only (lost if it restarts). A node keeping the label of a deleted unit makes site-manager's node events for it reach none of its units until the next resync. The membership label comes last for each node: once it is removed, the node's other marks can no longer be found by the deleted unit's name.
- ServerClaim and ServerVolume: the PVC and the PV <unit>-local-pv-<node> of a server node that was deleted from the cluster. site-manager deletes them only when a node leaves spec.nodes; after a Node deletion the server pod stays Pending on the gone node's volume.

Reported only (Removable is False; Repair-NodeUnit never changes them):
- JoinStatefulSet: <unit>-server-kins-join on an L4 unit after L5 to L4. Its two servers are members of the embedded etcd: deleting them would leave one member of three and no quorum. To shrink, demote to L3 (which destroys the K3s cluster) and promote to L4.
- StrippedTaint: a NoSchedule taint on a member of an L3 selector-only unit that no unit's spec.setNode.taints lists. site-manager's L3 pass drops every NoSchedule taint from setNode (and leaves it on the nodes of a selector-only unit), but such a taint may as well have been set by hand, so Kins cannot tell. If it was wanted, Repair-NodeUnit <unit> -RestoreTaint puts it on the members that lack it. Taints of keys under kubernetes.io or k8s.io (node.kubernetes.io/unreachable on a site cut off from the cloud, the control-plane taint) are Kubernetes' own and never reported. For a unit with spec.nodes, the stripped taint leaves the nodes too: nothing is left to find, and only you can name it to Repair-NodeUnit -RestoreTaint.

unit-node-all, the L3 unit site-manager creates over every Linux node, never sets a role or a taint of its own: site-manager creates it at L3 and never updates it, and Kins refuses to promote it. A mark on a node that another unit counts as a member (by its membership label) belongs to that unit and is reported for that unit only. For unit-node-all, Find-NodeUnitLeftover reports only the role labels and kins taints on nodes that no other unit counts as a member (left by a unit since deleted, whose membership label may remain), and never a StrippedTaint: it has no setNode taints of site-manager's making to strip.

Each finding says what it is (Kind, Resource, Detail), why (Reason) and what Repair-NodeUnit would do (Action), and carries its Context, so it can be piped to Repair-NodeUnit.
'@

    Parameters  = @{
        Name = 'Names of the units to inspect; wildcards match existing units, and the exact name of a deleted unit finds what it left on its nodes. Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Context and Kubeconfig. Alias: NodeUnit.'
    }

    Examples    = @(
        @{
            Title   = 'What a demoted selector unit left on its nodes'
            Sandbox = @{ Sites = 2 }
            Setup   = @'
# shops-north selects site-0002's nodes by label; promoted to L4 and demoted to L3, v0.9 leaves its marks behind.
Remove-NodeUnit site-0002 -Wait -Confirm:$false
kubectl label node site-0002-node-1 site-0002-node-2 site-0002-node-3 example.com/zone=north
@{ apiVersion = 'site.superedge.io/v1alpha2'; kind = 'NodeUnit'; metadata = @{ name = 'shops-north' }
   spec = @{ type = 'edge'; autonomyLevel = 'L3'; selector = @{ matchLabels = @{ 'example.com/zone' = 'north' } } } } |
    ConvertTo-Json -Depth 5 | Set-Content ./shops-north.json
kubectl create -f ./shops-north.json
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while ((kubectl get nu shops-north -o 'jsonpath={.status.readyRate}') -ne '3/3' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
Set-NodeUnitAutonomy shops-north -Level L4 -Wait -Confirm:$false
Set-NodeUnitAutonomy shops-north -Level L3 -Wait -Force -Confirm:$false
# site-manager creates its unit-node-all unit on its own schedule; wait for it, so the fleet's findings are the same each run.
while (-not (kubectl get nu unit-node-all --ignore-not-found -o name) -and [DateTime]::UtcNow -lt $deadline.AddSeconds(30)) { Start-Sleep -Milliseconds 200 }
'@
            Code    = 'PS> Find-NodeUnitLeftover shops-north'
            Output  = @'
   NodeUnit: shops-north

KIND            REPAIR DETAIL                              RESOURCE
----            ------ ------                              --------
RoleLabel       yes    site.superedge.io/kins-role=server  node/site-0002-node-1
KinsTaint       yes    kins:NoSchedule                     node/site-0002-node-1
KinsTaint       yes    kins:NoSchedule                     node/site-0002-node-2
KinsTaint       yes    kins:NoSchedule                     node/site-0002-node-3
'@
            Remarks = 'shops-north selected its nodes by label and was demoted to L3: SuperEdge v0.9 left the server role and the kins taint on its nodes. REPAIR says what Repair-NodeUnit does with each: yes (removes it), no (reported only) or done (repaired, with -PassThru).'
        }
        @{
            Title   = 'Every leftover of the fleet, with the reasons'
            Sandbox = @{ Sites = 2 }
            Setup   = @'
# shops-north selects site-0002's nodes by label; promoted to L4 and demoted to L3, v0.9 leaves its marks behind.
Remove-NodeUnit site-0002 -Wait -Confirm:$false
kubectl label node site-0002-node-1 site-0002-node-2 site-0002-node-3 example.com/zone=north
@{ apiVersion = 'site.superedge.io/v1alpha2'; kind = 'NodeUnit'; metadata = @{ name = 'shops-north' }
   spec = @{ type = 'edge'; autonomyLevel = 'L3'; selector = @{ matchLabels = @{ 'example.com/zone' = 'north' } } } } |
    ConvertTo-Json -Depth 5 | Set-Content ./shops-north.json
kubectl create -f ./shops-north.json
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while ((kubectl get nu shops-north -o 'jsonpath={.status.readyRate}') -ne '3/3' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
Set-NodeUnitAutonomy shops-north -Level L4 -Wait -Confirm:$false
Set-NodeUnitAutonomy shops-north -Level L3 -Wait -Force -Confirm:$false
# site-manager creates its unit-node-all unit on its own schedule; wait for it, so the fleet's findings are the same each run.
while (-not (kubectl get nu unit-node-all --ignore-not-found -o name) -and [DateTime]::UtcNow -lt $deadline.AddSeconds(30)) { Start-Sleep -Milliseconds 200 }
'@
            Code    = @'
PS> Get-NodeUnit | Find-NodeUnitLeftover | Format-Table NodeUnit, Kind, Resource
PS> (Find-NodeUnitLeftover shops-north | Where-Object Kind -eq RoleLabel).Reason
'@
            Output  = @'
NodeUnit           Kind Resource
--------           ---- --------
shops-north   RoleLabel node/site-0002-node-1
shops-north   KinsTaint node/site-0002-node-1
shops-north   KinsTaint node/site-0002-node-2
shops-north   KinsTaint node/site-0002-node-3
NodeUnit 'shops-north' is L3 and v0.9 removes the role only from nodes in spec.nodes (flaws 4, 5); no promoted unit counts site-0002-node-1 as a member, yet any unit promoted over it would take it as its K3s server.
'@
            Remarks = 'Inspects every unit, then shows why the role label is a leftover. unit-node-all, the L3 unit site-manager creates over every node, selects those nodes too but reports nothing: the marks are shops-north''s.'
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
Find-NodeUnitLeftover only reads: the unit, every unit (once per call), the unit's member nodes, its PVs and their PVCs, and its join StatefulSet.

The table view groups the findings by unit and fits 80 columns: a long node name in RESOURCE is cut with an ellipsis; Format-List shows every property.

Error ids: NodeUnitNotFound, ClusterUnreachable.
'@

    Links       = @(
        'about_Kins'
        'Repair-NodeUnit'
        'Get-NodeUnit'
    )
}
