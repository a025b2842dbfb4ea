@{
    Synopsis    = 'Deletes NodeUnits safely: a unit with an edge cluster (L4/L5) is refused unless -Force demotes it first.'

    Description = @'
Remove-NodeUnit deletes NodeUnits. SuperEdge's site-manager keeps a finalizer on every NodeUnit and will not release a unit whose level is L4 or L5: deleted with kubectl, such a unit stays in Deleting forever (deletionTimestamp set, the edge cluster still running, a Warning event saying to adjust the level to L3 first). Remove-NodeUnit never leaves a unit in that state.

A unit at L3 is deleted; with -Wait the cmdlet waits until site-manager has removed the finalizer and the object is gone.

A unit at L4 or L5 is refused with a non-terminating NodeUnitHasEdgeCluster error that says how to proceed, and nothing is changed. With -Force, Remove-NodeUnit demotes it to L3 (destroying its edge K3s cluster and the data on its volumes), waits until site-manager has torn it down, then deletes it, and with -Wait waits until it is gone.

A unit that is already stuck in Deleting (deleted with kubectl at L4/L5) is reported as such; -Force repairs it the same way: it sets the level to L3, which lets site-manager tear the cluster down and release the object.

Like Set-NodeUnitAutonomy, it works on the whole pipeline at once with at most -ThrottleLimit API requests in flight (units waiting for their teardown or deletion hold none), one progress bar, and one non-terminating error per unit that fails (NodeUnitNotFound, NodeUnitHasEdgeCluster, KinsDemotionTimeout, KinsDeletionTimeout); the others go on. It asks once before each unit, naming the unit, its context and its server, with No as the default answer, unless -Force or -Confirm:$false is given (as on Set-NodeUnitAutonomy). Patterns such as old-* are expanded against the cluster; under -WhatIf a unit that does not exist is a NodeUnitNotFound error, as in the real run.
'@

    Parameters  = @{
        Name          = 'Names of the units to delete, or wildcard patterns (old-*) expanded against the cluster. Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Kubeconfig, Context and ApiServer, so each is removed from the cluster it was read from. Alias: NodeUnit.'
        Force         = @'
Remove a unit at L4 or L5 too, and repair a unit stuck in Deleting: demote it to L3 (its edge K3s cluster and the K3s data on its persistent volumes are destroyed), wait for the teardown, then delete it. Also removes without asking, as -Force demotes without asking on Set-NodeUnitAutonomy.
'@
        Wait          = 'Wait until each unit is gone (site-manager has removed its finalizer). Without -Wait, the cmdlet returns once the delete is accepted (after the teardown, with -Force).'
        Timeout       = 'How long to wait per unit, for the teardown with -Force and for the object to go with -Wait. A unit not done in time gives KinsDemotionTimeout or KinsDeletionTimeout. A bare number is seconds (600 is ten minutes); 90s, 5m, 1h30m or 00:10:00 work too; zero, negative values and more than 24 hours are refused before anything is sent.'
        ThrottleLimit = 'How many API requests (reads, patches, deletes) are in flight at once, across the whole pipeline (1 to 1024; default 16). Units waiting with -Wait or -Force hold no slot: they all wait at once on the shared watch.'
        PassThru      = 'Emit the Kins.NodeUnit of each unit removed, as it was read before its deletion (with -Force: before its demotion).'
        WhatIf        = 'Prints, for each unit, what would be done (delete, or demote then delete with -Force) and sends nothing to the cluster.'
        Confirm       = 'Asks once before each unit (default answer No). On by default; -Confirm:$false or -Force remove without asking.'
    }

    Examples    = @(
        @{
            Title   = 'Decommission old sites, edge clusters included'
            Setup   = @'
New-NodeUnit old-1 -Node edge1
New-NodeUnit old-2 -Node edge2, edge3 -AutonomyLevel L4 -Wait
'@
            Code    = 'PS> Get-NodeUnit old-* | Remove-NodeUnit -Force'
            Remarks = 'Demotes each L4/L5 unit to L3, waits for site-manager''s teardown, and deletes it; L3 units are deleted at once. -Force also means: do not ask.'
        }
        @{
            Title   = 'A unit with an edge cluster is refused'
            Setup   = 'Set-NodeUnitAutonomy test -Level L4 -Wait'
            Code    = 'PS> Remove-NodeUnit test -Confirm:$false'
            Output  = @'
Remove-NodeUnit: NodeUnit 'test' (context 'kins-sandbox') is at L4 and runs an edge K3s cluster; deleting it now would leave it stuck in Deleting. Nothing was changed.
'@
            Remarks = 'Nothing is changed. The error id is NodeUnitHasEdgeCluster and its target object is the unit.'
        }
        @{
            Title   = 'Repair units stuck in Deleting'
            Setup   = @'
Set-NodeUnitAutonomy test -Level L4 -Wait
kubectl delete nu test --wait=false
'@
            Code    = 'PS> Get-NodeUnit | Where-Object KinsState -eq ''Deleting'' | Remove-NodeUnit -Force -Wait'
            Remarks = 'Finds units that were deleted with kubectl at L4/L5 and are held by site-manager''s finalizer, demotes them so that site-manager tears their edge clusters down and lets them go, and waits until they are gone.'
        }
        @{
            Title   = 'Remove an empty L3 unit and wait for it to go'
            Setup   = 'New-NodeUnit lab-01 -Node edge1'
            Code    = 'PS> Remove-NodeUnit lab-01 -Wait -PassThru -Confirm:$false'
            Output  = @'
TYPE   LEVEL STATE     READY    AGE NAME
----   ----- -----     -----    --- ----
edge   L3    Standard  <ready>  <age> lab-01
'@
            Remarks = 'Deletes the L3 unit lab-01 without asking, waits until the finalizer releases it, and emits the unit as it was read before the deletion.'
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
