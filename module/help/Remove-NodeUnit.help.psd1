@{
    Synopsis    = 'Deletes NodeUnits safely: a unit with an edge cluster (L4/L5) is refused unless -Force demotes it first.'

    Description = @'
Remove-NodeUnit deletes NodeUnits. SuperEdge's site-manager keeps a finalizer on every NodeUnit and will not release a unit whose level is L4 or L5: deleted with kubectl, such a unit stays in Deleting forever (deletionTimestamp set, the edge cluster still running, a Warning event saying to adjust the level to L3 first). Remove-NodeUnit never leaves a unit in that state.

A unit at L3 is deleted; with -Wait the cmdlet waits until site-manager has removed the finalizer and the object is gone.

A unit at L4 or L5 is refused with a non-terminating NodeUnitHasEdgeCluster error that says how to proceed, and nothing is changed. With -Force, Remove-NodeUnit demotes it to L3 (destroying its edge K3s cluster and the data on its volumes), waits until site-manager has torn it down, then deletes it, and with -Wait waits until it is gone.

A unit that is already stuck in Deleting (deleted with kubectl at L4/L5) is reported as such; -Force repairs it the same way: it sets the level to L3, which lets site-manager tear the cluster down and release the object.

Like Set-NodeUnitAutonomy, it works on the whole pipeline at once with at most -ThrottleLimit API requests in flight (units waiting for their teardown or deletion hold none), one progress bar, and one non-terminating error per unit that fails (NodeUnitNotFound, NodeUnitHasEdgeCluster, KinsDemotionTimeout, KinsDeletionTimeout); the others go on. ConfirmImpact is High: it asks before each unit unless -Confirm:$false.
'@

    Parameters  = @{
        Name          = 'Names of the units to delete (no wildcards; use Get-NodeUnit to expand patterns). Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Context and Kubeconfig. Alias: NodeUnit.'
        Force         = @'
Remove a unit at L4 or L5 too, and repair a unit stuck in Deleting: demote it to L3 (its edge K3s cluster and the K3s data on its persistent volumes are destroyed), wait for the teardown, then delete it. Does not skip the confirmation prompt; use -Confirm:$false for that.
'@
        Wait          = 'Wait until each unit is gone (site-manager has removed its finalizer). Without -Wait, the cmdlet returns once the delete is accepted (after the teardown, with -Force).'
        Timeout       = 'How long to wait per unit, for the teardown with -Force and for the object to go with -Wait. A unit not done in time gives KinsDemotionTimeout or KinsDeletionTimeout.'
        ThrottleLimit = 'How many API requests (reads, patches, deletes) are in flight at once, across the whole pipeline (1 to 1024; default 16). Units waiting with -Wait or -Force hold no slot: they all wait at once on the shared watch.'
        PassThru      = 'Emit the last observed Kins.NodeUnit of each unit removed.'
        WhatIf        = 'Prints, for each unit, what would be done (delete, or demote then delete with -Force) and sends nothing to the cluster.'
        Confirm       = 'Asks before each unit. On by default (ConfirmImpact High); -Confirm:$false removes without asking.'
    }

    Examples    = @(
        @{
            Title   = 'Decommission old sites, edge clusters included'
            Code    = 'PS> Get-NodeUnit old-* | Remove-NodeUnit -Force'
            Remarks = 'Asks once per unit, then demotes each L4/L5 unit to L3, waits for site-manager''s teardown, and deletes it; L3 units are deleted at once.'
        }
        @{
            Title   = 'A unit with an edge cluster is refused'
            Code    = @'
PS> Remove-NodeUnit test -Confirm:$false
Remove-NodeUnit: NodeUnit test is at L4 and runs an edge K3s cluster; SuperEdge would leave it stuck in Deleting. Demote it first (Set-NodeUnitAutonomy test -Level L3) or use Remove-NodeUnit -Force.
'@
            Remarks = 'Nothing is changed. The error id is NodeUnitHasEdgeCluster and its target object is the unit.'
        }
        @{
            Title   = 'Repair units stuck in Deleting'
            Code    = @'
PS> Get-NodeUnit | Where-Object KinsState -eq 'Deleting' | Remove-NodeUnit -Force -Wait -Confirm:$false
'@
            Remarks = 'Finds units that were deleted with kubectl at L4/L5 and are held by site-manager''s finalizer, demotes them so that site-manager tears their clusters down, and waits until each object is gone.'
        }
        @{
            Title   = 'Remove an empty L3 unit and wait for it to go'
            Code    = 'PS> Remove-NodeUnit lab-01 -Wait -PassThru'
            Remarks = 'Deletes the L3 unit lab-01 after confirmation, waits until the finalizer releases it, and emits its last state.'
        }
    )

    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Unit names, bound to -Name.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'Units from Get-NodeUnit (Name, Context and Kubeconfig bind by property name).' }
    )

    Outputs     = @(
        @{ Type = 'None'; Description = 'By default, nothing on success.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'With -PassThru, the last observed state of each removed unit.' }
    )

    Notes       = @'
Deleting a NodeUnit does not delete its nodes. Demotion keeps the Secret <unit>-sec-kins unless the unit carries the annotation site.superedge.io/clear-cluster=yes; the Secret is labelled with the unit, so it can be found and removed with kubectl.

Error ids: NodeUnitNotFound, NodeUnitHasEdgeCluster, NodeUnitDeleting (stuck, without -Force), KinsDemotionTimeout, KinsDeletionTimeout.
'@

    Links       = @(
        'about_Kins'
        'Set-NodeUnitAutonomy'
        'Get-NodeUnit'
        'New-NodeUnit'
    )
}
