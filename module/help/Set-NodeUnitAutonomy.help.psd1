@{
    Synopsis    = 'Promotes NodeUnits to an edge K3s cluster (L4 or L5) or demotes them back to L3, in bulk.'

    Description = @'
Set-NodeUnitAutonomy moves each unit it is given to an autonomy level by patching only spec.autonomyLevel of the NodeUnit (a JSON merge patch, retried on conflicts and transient failures; never a read-modify-write of the whole object, which site-manager's own updates would break). SuperEdge's site-manager then does the work: at L4 it installs a single-master K3s cluster (SQLite) on the unit's nodes, at L5 a three-master K3s cluster (embedded etcd); at L3 it tears the edge cluster down. See about_Kins for what each level creates and what demotion destroys.

Before it writes, it checks each unit: L4 needs at least 1 Ready node and L5 at least 3 (InsufficientReadyNodes), a unit being deleted cannot be promoted (NodeUnitDeleting), and a unit already at the level is left alone (no write: the cmdlet is idempotent, so a runbook can be run again).

Demotion to L3 destroys the unit's edge K3s cluster and the data on its persistent volumes, so Set-NodeUnitAutonomy -Level L3 always asks once per unit, naming the unit, its context and its server, with No as the default answer, unless -Force or -Confirm:$false is given (as on Remove-NodeUnit). Promotion asks only when $ConfirmPreference is Medium or lower (ConfirmImpact Medium). -WhatIf prints the exact change per unit and sends nothing; a unit that does not exist is a NodeUnitNotFound error under -WhatIf too.

The cmdlet works on the whole pipeline at once: at most -ThrottleLimit units are in flight, one progress bar shows the batch (done, failed, in flight), and results are streamed as units finish, not in input order. With -Wait, each unit is followed until it reaches its level (kins state Ready for L4/L5, Standard for L3) or fails, by watching the cluster (one set of watches for the whole batch, never a poll per unit), with a deadline of -Timeout per unit.

A unit that fails gives one non-terminating error, with the unit as its target object and site-manager's own message where it gave one; the other units go on. Error ids: NodeUnitNotFound, InsufficientReadyNodes, NodeUnitDeleting, InvalidAutonomyLevel, KinsPromotionFailed (site-manager set phase Failed; its message is quoted), KinsPromotionTimeout, KinsDemotionTimeout. Ctrl+C stops waiting promptly and reports which units were already changed (their patch was sent; site-manager goes on with them).
'@

    Parameters  = @{
        Name          = @'
Names of the units to change, or wildcard patterns (site-*), expanded against the cluster as Get-NodeUnit does; a pattern that matches nothing gives a warning. Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Kubeconfig, Context and ApiServer, so each unit is changed on the cluster it was read from. Alias: NodeUnit.
'@
        AutonomyLevel = @'
The level to move to: L3 (a plain edge node pool; tears the edge cluster down), L4 (a single-master K3s cluster on the unit, needs 1 Ready node) or L5 (a three-master K3s cluster, needs 3 Ready nodes). Alias: Level. Binds by property name, so a CSV with a Name and an AutonomyLevel column drives a rollout row by row. Tab-completes; any other value is refused before anything is sent.
'@
        Wait          = @'
Wait until each unit has reached the level: kins state Ready (every part of the edge cluster ready) for L4/L5, Standard (nothing left) for L3. Without -Wait the cmdlet returns once the patch is accepted; site-manager goes on in the background.
'@
        Timeout       = @'
With -Wait, how long to wait for each unit, counted from when its change was sent. A unit that is not there in time gives KinsPromotionTimeout or KinsDemotionTimeout (the change stays requested; site-manager may still finish). A bare number is seconds (like kubectl --timeout); '90s', '5m', '1h30m' and a TimeSpan such as '00:20:00' work too. Zero, negative values and more than 24 hours are refused before anything is sent.
'@
        ThrottleLimit = 'How many units are in flight at once, across the whole pipeline (1 to 1024). Raise it for large batches on a cluster that can take it.'
        PassThru      = 'Emit the refreshed Kins.NodeUnit of each unit as it finishes (with -Wait: once it has reached the level). Without it, the cmdlet emits nothing on success.'
        Force         = 'Demote to L3 without asking for confirmation (as -Force removes without asking on Remove-NodeUnit). The edge K3s cluster and its data are destroyed. Has no effect on promotion.'
        WhatIf        = 'Prints, for each unit, the exact change that would be made (for example spec.autonomyLevel L3 -> L4) and sends nothing to the cluster.'
    }

    Examples    = @(
        @{
            Title   = 'Promote every L3 site to L4 and wait'
            Sandbox = @{ Sites = 3 }
            Code    = 'PS> Get-NodeUnit -AutonomyLevel L3 site-* | Set-NodeUnitAutonomy -Level L4 -Wait'
            Remarks = 'Promotes all sites still at L3, 16 at a time, with one progress bar, and returns when every edge cluster is Ready or has failed. A site with no Ready node gives an InsufficientReadyNodes error; the others go on.'
        }
        @{
            Title   = 'See what would change, then do it'
            Code    = @'
PS> Set-NodeUnitAutonomy test -Level L4 -WhatIf
PS> Set-NodeUnitAutonomy test -Level L4 -Wait -PassThru
'@
            Output  = @'
What if: Performing the operation "Set autonomy level to L4 (merge patch {"spec":{"autonomyLevel":"L4"}})" on target "NodeUnit 'test' (context 'kins-sandbox')".

TYPE   LEVEL STATE     READY    AGE NAME
----   ----- -----     -----    --- ----
edge   L4    Ready       3/3  <age> test
'@
            Remarks = 'The first command prints the change it would make and sends nothing. The second promotes the unit test of the article and emits its Kins.NodeUnit once its K3s cluster is Ready.'
        }
        @{
            Title   = 'Promote a large batch to L5 and collect the failures'
            Sandbox = @{ Sites = 3 }
            Setup   = @'
kubectl label nu site-0001 site-0002 tier=factory
New-NodeUnit factory-x -Node no-such-node -Label @{ tier = 'factory' }
'@
            Code    = @'
PS> $done = Get-NodeUnit -Selector 'tier=factory' |
        Set-NodeUnitAutonomy -Level L5 -Wait -Timeout 20m -ThrottleLimit 64 -PassThru -ErrorVariable failed -ErrorAction SilentlyContinue
PS> $done.Name | Sort-Object
PS> $failed | Select-Object @{ n = 'Unit'; e = { $_.TargetObject } }, @{ n = 'Error'; e = { $_.FullyQualifiedErrorId -replace ',.*' } }
'@
            Output  = @'
site-0001
site-0002

Unit      Error
----      -----
factory-x InsufficientReadyNodes
'@
            Remarks = 'Promotes every factory unit to a three-master cluster, 64 at a time, waiting up to 20 minutes per unit. $done holds the units that made it; $failed has one error per unit that did not (InsufficientReadyNodes, KinsPromotionFailed with site-manager''s message, KinsPromotionTimeout, ...).'
        }
        @{
            Title   = 'Demote a unit back to L3 without a prompt'
            Setup   = 'Set-NodeUnitAutonomy test -Level L4 -Wait'
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
Only spec.autonomyLevel is written. The checks (ready nodes, Deleting) are made from the unit's status at the time of the call; site-manager makes its own check too and reports "Insufficient Ready Node" as phase Failed, which -Wait turns into KinsPromotionFailed.

A unit deleted with kubectl while at L4/L5 is stuck in Deleting; Set-NodeUnitAutonomy -Level L3 lets site-manager tear it down and release it, and Remove-NodeUnit -Force does that for you.
'@

    Links       = @(
        'about_Kins'
        'Get-NodeUnit'
        'Remove-NodeUnit'
        'Get-KinsKubeconfig'
    )
}
