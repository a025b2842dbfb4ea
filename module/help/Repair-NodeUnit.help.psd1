@{
    Synopsis    = 'Removes what SuperEdge v0.9 left behind for a unit: leftover role labels, kins taints, and volumes of deleted server nodes.'

    Description = @'
Repair-NodeUnit removes the removable findings of Find-NodeUnitLeftover: the label site.superedge.io/kins-role and the kins:NoSchedule taint that a demoted selector unit leaves on its nodes, and the PVC and PV of a server node that was deleted from the cluster. Findings that are reported only (a join StatefulSet left after L5 to L4, NoSchedule taints the L3 taint filter may have stripped) are never changed: piped in, each is a LeftoverNotRemovable error; found by -Name, each is a warning.

Give it unit names, and it repairs every removable finding of each; or pipe it the findings you reviewed, and it repairs only those. Each change is confirmed on its own (ConfirmImpact High: PowerShell asks unless -Confirm:$false), -WhatIf lists them without changing anything, and each finding is checked again just before it is removed: if the cluster moved on (the node was promoted meanwhile, the label is gone), nothing is changed and a warning says so.

The changes are made as site-manager itself makes them: a merge patch that removes the one label; a merge patch of the node's taints carrying the node's resourceVersion (a concurrent change is read again and retried); for volumes, the finalizers cleared and the object deleted, PVC before PV.
'@

    Parameters  = @{
        Name     = 'Units whose removable leftovers are all repaired (no wildcards). Strings piped in bind here, and Kins.NodeUnit objects bind their Name, Context and Kubeconfig. Alias: NodeUnit.'
        Leftover = 'A finding from Find-NodeUnitLeftover, usually piped: only the findings given are repaired, each in the context it was found in.'
        PassThru = 'Emit each repaired finding, with Repaired set to True.'
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
            Remarks = 'Repairs only the leftover role labels of the whole fleet and emits each finding it repaired. unit-node-all reported the same label: re-checked before removal, it is gone and not repaired twice.'
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
Error ids: NodeUnitNotFound, LeftoverNotRemovable, ClusterUnreachable, and the API's own errors (Forbidden when you may not patch nodes or delete volumes).
'@

    Links       = @(
        'about_Kins'
        'Find-NodeUnitLeftover'
        'Get-NodeUnit'
    )
}
