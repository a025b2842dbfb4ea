@{
    Synopsis    = 'Promotes NodeUnits to an edge K3s cluster (L4 or L5) or demotes them back to L3, in bulk.'

    Description = @'
Set-NodeUnitAutonomy moves each unit it is given to an autonomy level by patching only spec.autonomyLevel of the NodeUnit (a JSON merge patch, retried on conflicts and transient failures; never a read-modify-write of the whole object, which site-manager's own updates would break). SuperEdge's site-manager then does the work: at L4 it installs a K3s cluster with one server (embedded etcd) on the unit's nodes, at L5 the same with two more servers joining it; at L3 it tears the edge cluster down. See about_Kins for what each level creates and what demotion destroys.

Before it writes, it checks each unit: L4 needs at least 1 Ready node and L5 at least 3 (InsufficientReadyNodes), a unit being deleted cannot be promoted (NodeUnitDeleting), a name site-manager could never promote to that level is refused with an id that names the limit (NodeUnitNameNotPromotable, NodeUnitNameTooLongToPromote, NodeUnitNameTooLongForL4, NodeUnitNameTooLongForL5; see about_Kins, UNIT NAMES), site-manager's unit-node-all is never promoted (DefaultNodeUnitNotPromotable), and a unit already at exactly that level is left alone (no write: the cmdlet is idempotent, so a runbook can be run again). A level stored with another spelling ("l4") is rewritten exactly. Along with the level, the patch sets Kins' annotation kins/autonomy-level-changed-at, so that a Failed phase from before the change is never taken for a failure of this one.

Demotion to L3 destroys the unit's edge K3s cluster and the data on its persistent volumes, so Set-NodeUnitAutonomy -Level L3 always asks for confirmation unless -Force or -Confirm:$false is given. Promotion asks only when $ConfirmPreference is Medium or lower (ConfirmImpact Medium). -WhatIf prints the exact change per unit and sends nothing.

The cmdlet works on the whole pipeline at once: at most -ThrottleLimit units are in flight, one progress bar shows the batch (done, failed, in flight), and results are streamed as units finish, not in input order. With -Wait, each unit is followed until it reaches its level (kins state Ready for L4/L5, Standard for L3) or fails, by watching the cluster (one set of watches for the whole batch, never a poll per unit), with a deadline of -Timeout per unit.

A unit that fails gives one non-terminating error, with the unit as its target object and site-manager's own message where it gave one; the other units go on. Error ids: NodeUnitNotFound, InsufficientReadyNodes, NodeUnitDeleting, InvalidAutonomyLevel, the name ids above, KinsPromotionFailed (site-manager's Failed phase is current: written after this change, within the last 2 x 30 s, with the edge cluster not up; its message is quoted), KinsPromotionTimeout, KinsDemotionTimeout. Ctrl+C stops waiting promptly and reports which units were already changed (their patch was sent; site-manager goes on with them).
'@

    Parameters  = @{
        Name          = @'
Names of the units to change (no wildcards; use Get-NodeUnit to expand patterns). Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Context and Kubeconfig, so each unit is changed on the cluster it was read from. Alias: NodeUnit.
'@
        Level         = @'
The level to move to: L3 (a plain edge node pool; tears the edge cluster down), L4 (a K3s cluster with one server over embedded etcd, needs 1 Ready node) or L5 (three K3s servers, needs 3 Ready nodes; going back from L5 to L4 keeps all three in SuperEdge v0.9). Tab-completes; any other value is refused before anything is sent.
'@
        Wait          = @'
Wait until each unit has reached the level: kins state Ready (every part of the edge cluster up) for L4/L5, Standard (nothing left) for L3. A demoted selector-based unit is Standard though SuperEdge v0.9 leaves the server role label on its node (listed in LeftoverServerRoleNodes), so the wait ends. Without -Wait the cmdlet returns once the patch is accepted; site-manager goes on in the background.
'@
        Timeout       = @'
With -Wait, how long to wait for each unit, counted from when its change was sent. A unit that is not there in time gives KinsPromotionTimeout or KinsDemotionTimeout (the change stays requested; site-manager may still finish). Accepts a TimeSpan or a string such as '00:20:00'.
'@
        ThrottleLimit = 'How many units are in flight at once, across the whole pipeline (1 to 1024). Raise it for large batches on a cluster that can take it.'
        PassThru      = 'Emit the refreshed Kins.NodeUnit of each unit as it finishes (with -Wait: once it has reached the level). Without it, the cmdlet emits nothing on success.'
        Force         = 'Demote to L3 without asking for confirmation. The edge K3s cluster and its data are destroyed. Has no effect on promotion.'
        WhatIf        = 'Prints, for each unit, the exact change that would be made (for example spec.autonomyLevel L3 -> L4) and sends nothing to the cluster.'
    }

    Examples    = @(
        @{
            Title   = 'Promote every L3 site to L4 and wait'
            Code    = 'PS> Get-NodeUnit -AutonomyLevel L3 site-* | Set-NodeUnitAutonomy -Level L4 -Wait'
            Remarks = 'Promotes all sites still at L3, 16 at a time, with one progress bar, and returns when every edge cluster is Ready or has failed. A site with no Ready node gives an InsufficientReadyNodes error; the others go on.'
        }
        @{
            Title   = 'See what would change, then do it'
            Code    = @'
PS> Set-NodeUnitAutonomy test -Level L4 -WhatIf
PS> Set-NodeUnitAutonomy test -Level L4 -Wait -PassThru
'@
            Remarks = 'The first command prints the change it would make and sends nothing. The second promotes the unit test of the article and emits its Kins.NodeUnit once its K3s cluster is Ready.'
        }
        @{
            Title   = 'Promote a large batch to L5 and collect the failures'
            Code    = @'
PS> $done = Get-NodeUnit -Selector 'tier=factory' |
        Set-NodeUnitAutonomy -Level L5 -Wait -Timeout 00:20:00 -ThrottleLimit 64 -PassThru -ErrorVariable failed
PS> $failed | Select-Object @{ n = 'Unit'; e = { $_.TargetObject } }, @{ n = 'Error'; e = { $_.FullyQualifiedErrorId } }, Exception
'@
            Remarks = 'Promotes every factory unit to a three-master cluster, 64 at a time, waiting up to 20 minutes per unit. $done holds the units that made it; $failed has one error per unit that did not (InsufficientReadyNodes, KinsPromotionFailed with site-manager''s message, KinsPromotionTimeout, ...).'
        }
        @{
            Title   = 'Demote a unit back to L3 without a prompt'
            Code    = 'PS> Get-NodeUnit test | Set-NodeUnitAutonomy -Level L3 -Force -Wait'
            Remarks = 'Destroys the edge K3s cluster of unit test and waits until site-manager has removed every part of it (kins state Standard). The Secret test-sec-kins is kept, so a later promotion reuses the same K3s token, unless the unit carries the annotation site.superedge.io/clear-cluster=yes.'
        }
    )

    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Unit names, bound to -Name.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'Units from Get-NodeUnit (Name, Context and Kubeconfig bind by property name).' }
    )

    Outputs     = @(
        @{ Type = 'None'; Description = 'By default, nothing on success.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'With -PassThru, the refreshed unit, streamed as each one finishes.' }
    )

    Notes       = @'
Only spec.autonomyLevel is written. The checks (ready nodes, Deleting) are made from the unit's status at the time of the call; site-manager makes its own check too and reports "Insufficient Ready Node" as phase Failed, which -Wait turns into KinsPromotionFailed while it is current. SuperEdge v0.9 never clears Failed: an old one stays in the unit's status and is ignored.

A unit deleted with kubectl while at L4/L5 is stuck in Deleting; Set-NodeUnitAutonomy -Level L3 lets site-manager tear it down and release it, and Remove-NodeUnit -Force does that for you.
'@

    Links       = @(
        'about_Kins'
        'Get-NodeUnit'
        'Remove-NodeUnit'
        'Get-KinsKubeconfig'
    )
}
