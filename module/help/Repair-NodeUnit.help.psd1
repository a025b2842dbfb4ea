@{
    Synopsis    = 'Removes what SuperEdge v0.9 left behind for a unit (leftover role labels, kins taints, volumes of deleted server nodes), or restores the NoSchedule taints you name.'

    Description = @'
Repair-NodeUnit removes the removable findings of Find-NodeUnitLeftover: the label site.superedge.io/kins-role and the kins:NoSchedule taint that a demoted selector unit leaves on its nodes, and the PVC and PV of a server node that was deleted from the cluster. Findings that are reported only (a join StatefulSet left after L5 to L4, NoSchedule taints the L3 taint filter may have stripped) are never changed: piped in, each is a LeftoverNotRemovable error; found by -Name, each is a warning.

Give it unit names, and it repairs every removable finding of each; or pipe it the findings you reviewed, and it repairs only those. Each change is confirmed on its own (ConfirmImpact High: PowerShell asks unless -Confirm:$false), -WhatIf lists them without changing anything, and each finding is checked again just before it is removed: if the cluster moved on (the node was promoted meanwhile, the label is gone), nothing is changed and a warning says so.

The changes are made as site-manager itself makes them: a merge patch that removes the one label; a merge patch of the node's taints carrying the node's resourceVersion (a concurrent change is read again and retried); for volumes, the finalizers cleared and the object deleted, PVC before PV.

With -RestoreTaint, Repair-NodeUnit puts back NoSchedule taints that site-manager's L3 taint filter stripped. At every pass of an L3 unit, site-manager rewrites spec.setNode.taints keeping only the taints whose key is not kins and whose effect is not NoSchedule; for a unit with spec.nodes, that update then takes every taint of those keys off the member nodes, while the nodes of a selector-only unit keep them. Kins cannot tell a stripped taint from one removed on purpose, so it restores none by itself: name each taint as kubectl writes it, key[=value]:NoSchedule, and it is added to every member of the unit (the nodes carrying its membership label <unit>=nodeunits.superedge.io) that lacks it, each node confirmed on its own. A node that carries the key with NoSchedule and another value is left alone, with a warning.

The taint goes on the Node objects, not back into spec.setNode.taints: there the unit's next L3 pass would strip it again at once. On the nodes no L3 pass removes it, but nodes that join the unit later do not get it, and site-manager still takes every taint of that key off a node when a setNode taint of that key is removed from one of its units, or when the node leaves a unit with spec.nodes whose setNode.taints has that key. A warning says so before the first change. The kins taint, other effects (the filter keeps PreferNoSchedule and NoExecute taints), and keys under kubernetes.io or k8s.io (set and lifted by Kubernetes' own controllers, such as node.kubernetes.io/unreachable) are refused with an InvalidTaint error before anything is read or changed. unit-node-all is refused too (an error for it, the other units go on): it spans every Linux node, masters included, and never carries a taint of its own, so Get-NodeUnit | Repair-NodeUnit -RestoreTaint cannot taint the whole cluster.
'@

    Parameters  = @{
        Name     = 'Units whose removable leftovers are all repaired; wildcards match existing units, and the exact name of a deleted unit repairs what it left on its nodes (its membership label last). Strings piped in bind here, and Kins.NodeUnit objects bind their Name, Context and Kubeconfig. Alias: NodeUnit.'
        Leftover = 'A finding from Find-NodeUnitLeftover, usually piped: only the findings given are repaired, each in the context it was found in.'
        PassThru = 'Emit each repaired finding, with Repaired set to True; with -RestoreTaint, one StrippedTaint finding per node the taint was restored on.'
        RestoreTaint = 'NoSchedule taints to put back on the member nodes of the units named, each written as kubectl writes it: key[=value]:NoSchedule. Kins cannot tell a taint the L3 filter stripped from one removed on purpose, so only what is named here is restored, on the Node objects (site-manager would strip spec.setNode.taints again). While such a taint is on a node, the K3s server pods cannot run there (they tolerate only kins): Set-NodeUnitAutonomy refuses to promote the unit with ServerNodeUnschedulable if site-manager would choose that node as a server.'
    }

    Examples    = @(
        @{
            Title   = 'See what would be removed, then remove it'
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
PS> Repair-NodeUnit shops-north -WhatIf
PS> Repair-NodeUnit shops-north -Confirm:$false
PS> @(Find-NodeUnitLeftover shops-north).Count
'@
            Output  = @'
What if: Performing the operation "Remove the label site.superedge.io/kins-role from node site-0002-node-1" on target "node/site-0002-node-1 (NodeUnit 'shops-north', context 'kins-sandbox')".
What if: Performing the operation "Remove the taint kins:NoSchedule from node site-0002-node-1" on target "node/site-0002-node-1 (NodeUnit 'shops-north', context 'kins-sandbox')".
What if: Performing the operation "Remove the taint kins:NoSchedule from node site-0002-node-2" on target "node/site-0002-node-2 (NodeUnit 'shops-north', context 'kins-sandbox')".
What if: Performing the operation "Remove the taint kins:NoSchedule from node site-0002-node-3" on target "node/site-0002-node-3 (NodeUnit 'shops-north', context 'kins-sandbox')".
0
'@
            Remarks = 'Lists the changes for the demoted selector unit shops-north without making them, then makes them without asking for each: nothing is left.'
        }
        @{
            Title   = 'Review, choose, repair'
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
PS> Get-NodeUnit | Find-NodeUnitLeftover | Where-Object Kind -eq RoleLabel |
        Repair-NodeUnit -Confirm:$false -PassThru | Format-Table NodeUnit, Kind, Resource
'@
            Output  = @'
NodeUnit    Kind      Resource
--------    ----      --------
shops-north RoleLabel node/site-0002-node-1
'@
            Remarks = 'Repairs only the leftover role labels of the whole fleet and emits each finding it repaired. unit-node-all, which spans every node, reports nothing here: the marks on a node that another unit counts as a member are that unit''s.'
        }
        @{
            Title   = 'Restore a NoSchedule taint the L3 taint filter stripped'
            Sandbox = @{ Sites = 1 }
            Setup   = @'
# site-0001 (spec.nodes) is L3: site-manager strips the NoSchedule taint from its setNode and then takes it off its nodes.
kubectl patch nu site-0001 --type merge -p '{"spec":{"setNode":{"taints":[{"key":"dedicated","value":"shop","effect":"NoSchedule"}]}}}'
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while (((kubectl get nu site-0001 -o 'jsonpath={.spec.setNode.taints}') -or (kubectl get nodes -l site-0001=nodeunits.superedge.io -o 'jsonpath={.items[*].spec.taints[*].key}') -match 'dedicated') -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
'@
            Code    = @'
PS> Repair-NodeUnit site-0001 -RestoreTaint 'dedicated=shop:NoSchedule' -Confirm:$false -PassThru
PS> kubectl get nodes -l site-0001=nodeunits.superedge.io -o 'custom-columns=NAME:.metadata.name,TAINTS:.spec.taints[*].key'
'@
            Output  = @'
WARNING: NodeUnit 'site-0001': dedicated=shop:NoSchedule is put back on its nodes, not in spec.setNode.taints: site-manager's next L3 pass would strip it from there again. Nodes that join the unit later do not get it. While it is there, the K3s server pods (they tolerate only kins) cannot run on these nodes: a promotion whose server would go on one is refused (ServerNodeUnschedulable).

   NodeUnit: site-0001

KIND            REPAIR DETAIL                              RESOURCE
----            ------ ------                              --------
StrippedTaint   done   dedicated=shop:NoSchedule           node/site-0001-node-1
StrippedTaint   done   dedicated=shop:NoSchedule           node/site-0001-node-2
StrippedTaint   done   dedicated=shop:NoSchedule           node/site-0001-node-3

NAME               TAINTS
site-0001-node-1   dedicated
site-0001-node-2   dedicated
site-0001-node-3   dedicated
'@
            Remarks = 'site-manager stripped dedicated=shop:NoSchedule from site-0001 at its L3 pass and then took it off the nodes. Named, it is put back on each member node, where no L3 pass removes it.'
        }
    )

    Inputs      = @(
        @{ Type = 'Kins.NodeUnitLeftover'; Description = 'Findings from Find-NodeUnitLeftover, bound to -Leftover.' }
        @{ Type = 'System.String'; Description = 'Unit names, bound to -Name.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'Units from Get-NodeUnit (Name, Context and Kubeconfig bind by property name).' }
    )

    Outputs     = @(
        @{ Type = 'Kins.NodeUnitLeftover'; Description = 'With -PassThru: each repaired finding, Repaired set to True. Nothing otherwise.' }
    )

    Notes       = @'
Error ids: NodeUnitNotFound, LeftoverNotRemovable, InvalidTaint (terminating: a -RestoreTaint value that does not parse or that the filter cannot have stripped), DefaultNodeUnitNotRestorable (-RestoreTaint on unit-node-all, which spans every Linux node and never carries a taint of its own), ClusterUnreachable, and the API's own errors (Forbidden when you may not patch nodes or delete volumes).
'@

    Links       = @(
        'about_Kins'
        'Find-NodeUnitLeftover'
        'Get-NodeUnit'
    )
}
