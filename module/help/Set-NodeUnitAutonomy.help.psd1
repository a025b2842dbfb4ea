@{
    Synopsis    = 'Promotes NodeUnits to an edge K3s cluster (L4 or L5) or demotes them back to L3, in bulk.'

    Description = @'
Set-NodeUnitAutonomy moves each unit it is given to an autonomy level by patching only spec.autonomyLevel of the NodeUnit (a JSON merge patch, retried on conflicts and transient failures; never a read-modify-write of the whole object, which site-manager's own updates would break). SuperEdge's site-manager then does the work: at L4 it installs a K3s cluster with one server (embedded etcd) on the unit's nodes, at L5 the same with two more servers joining it; at L3 it tears the edge cluster down. See about_Kins for what each level creates and what demotion destroys.

Before it writes, it checks each unit: L4 needs at least 1 Ready node and L5 at least 3 (InsufficientReadyNodes), a unit being deleted cannot be promoted (NodeUnitDeleting), a name site-manager could never promote to that level is refused with an id that names the limit (NodeUnitNameNotPromotable, NodeUnitNameTooLongToPromote, NodeUnitNameTooLongForL4, NodeUnitNameTooLongForL5; see about_Kins, UNIT NAMES), site-manager's unit-node-all is never promoted (DefaultNodeUnitNotPromotable), a promotion whose K3s server site-manager would put on a node the server pod cannot run on is refused (ServerNodeUnschedulable: site-manager takes the members already labelled site.superedge.io/kins-role=server first, then its ready nodes in name order, whatever their taints, and the server pods tolerate only the kins taint, so a cordoned node or any other NoSchedule or NoExecute taint would keep the server Pending and the unit Promoting), and a unit already at exactly that level is left alone (no write: the cmdlet is idempotent, so a runbook can be run again). A level stored with another spelling ("l4") is rewritten exactly. Along with the level, the patch sets Kins' annotation kins/autonomy-level-changed-at, so that a Failed phase from before the change is never taken for a failure of this one.

Demotion to L3 destroys the unit's edge K3s cluster and the data on its persistent volumes, so Set-NodeUnitAutonomy -Level L3 always asks once per unit, naming the unit, its context and its server, with No as the default answer, unless -Force or -Confirm:$false is given (as on Remove-NodeUnit). Promotion asks only when $ConfirmPreference is Medium or lower (ConfirmImpact Medium). -WhatIf prints the exact change per unit and sends nothing; a unit that does not exist is a NodeUnitNotFound error under -WhatIf too.

The cmdlet works on the whole pipeline at once: at most -ThrottleLimit API requests (reads and patches) are in flight, one progress bar counts the whole pipeline (writing, waiting, done, failed) and refreshes while units wait, and results are streamed as units finish, not in input order. With -Wait, each unit is followed until it reaches its level (kins state Ready for L4/L5, Standard for L3) or fails, by watching the cluster (one set of watches for the whole batch, never a poll per unit), with a deadline of -Timeout per unit. Waiting holds no request slot: every unit already patched waits at once, so a batch takes about as long as its slowest edge cluster takes to start, not (units / ThrottleLimit) start-up times.

Rollouts: -MaxConcurrentChanges bounds how many units may be changing at once (a unit counts from its start until it reached the level or failed; unbounded by default), so a region is promoted in a sliding wave. -FailureBudget stops the rollout after that many units failed: no further unit is started, the units already changing are still waited for, and every unit not started gets its own NodeUnitSkipped error naming the unit and the failures. Run the same command again to continue: units already at the level are left as they are (no write), the skipped ones are changed.

A unit that fails gives one non-terminating error, with the unit as its target object and site-manager's own message where it gave one; the other units go on. Error ids: NodeUnitNotFound, InsufficientReadyNodes, ServerNodeUnschedulable, NodeUnitDeleting, InvalidAutonomyLevel, the name ids above, KinsPromotionFailed (site-manager's Failed phase is current: written after this change, within the last 2 x 30 s, with the edge cluster not up; its message is quoted), KinsPromotionTimeout, KinsDemotionTimeout, NodeUnitSkipped (-FailureBudget). When the whole cluster fails (unreachable, 401, 403), the first unit's error explains the cause and each further unit gets a one-line error that points to it. Every error names its unit and context and has the unit as its target object.

Whatever ends the call early, no change goes unreported: Ctrl+C stops waiting promptly and a terminating error (for example a row of Import-Csv with an unknown -Context, or -ErrorAction Stop on a unit's error) ends it after the requests in flight settled; either way a warning names every unit that was changed but had not finished (its patch was sent; site-manager goes on with it).
'@

    Parameters  = @{
        Name          = @'
Names of the units to change, or wildcard patterns (site-*), expanded against the cluster as Get-NodeUnit does; a pattern that matches nothing gives a warning. Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Kubeconfig, Context and ApiServer, so each unit is changed on the cluster it was read from. Alias: NodeUnit.
'@
        AutonomyLevel = @'
The level to move to: L3 (a plain edge node pool; tears the edge cluster down), L4 (a K3s cluster with one server over embedded etcd, needs 1 Ready node) or L5 (three K3s servers, needs 3 Ready nodes; going back from L5 to L4 keeps all three in SuperEdge v0.9). Alias: Level. Binds by property name, so a CSV with a Name and an AutonomyLevel column drives a rollout row by row. Tab-completes; any other value is refused before anything is sent.
'@
        Wait          = @'
Wait until each unit has reached the level: kins state Ready (every part of the edge cluster up) for L4/L5, Standard (nothing left) for L3. A demoted selector-based unit is Standard though SuperEdge v0.9 leaves the server role label on its node (listed in LeftoverServerRoleNodes), so the wait ends. Without -Wait the cmdlet returns once the patch is accepted; site-manager goes on in the background.
'@
        Timeout       = @'
With -Wait, how long to wait for each unit, counted from when its change was sent. A unit that is not there in time gives KinsPromotionTimeout or KinsDemotionTimeout (the change stays requested; site-manager may still finish). A bare number is seconds (like kubectl --timeout); '90s', '5m', '1h30m' and a TimeSpan such as '00:20:00' work too. Zero, negative values and more than 24 hours are refused before anything is sent.
'@
        ThrottleLimit = 'How many API requests (reads, patches) are in flight at once, across the whole pipeline (1 to 1024; default 16). Waiting for units to reach their level takes no slot: every patched unit waits at once on the shared watch. Lower it for an API server that throttles (429).'
        MaxConcurrentChanges = 'With -Wait, how many units may be changing at once: a unit counts from its start until it reached the level or failed, and the next unit starts when one finishes (a sliding wave). Unbounded by default. Without -Wait it is refused (ParameterNeedsWait) before anything is sent.'
        FailureBudget = 'Stop the rollout once this many units failed: no further unit is started, the units already changing are still waited for, and each unit not started gets a NodeUnitSkipped error (target: the unit) saying why. Unbounded by default. Run the same command again to continue where it stopped.'
        PassThru      = 'Emit the refreshed Kins.NodeUnit of each unit as it finishes (with -Wait: once it has reached the level). Without it, the cmdlet emits nothing on success.'
        Force         = 'Demote to L3 without asking for confirmation (as -Force removes without asking on Remove-NodeUnit). The edge K3s cluster and its data are destroyed. Has no effect on promotion.'
        WhatIf        = 'Prints, for each unit, the exact change that would be made (for example spec.autonomyLevel L3 -> L4) and sends nothing to the cluster.'
    }

    Examples    = @(
        @{
            Title   = 'Promote every L3 site to L4 and wait'
            Sandbox = @{ Sites = 3 }
            Code    = 'PS> Get-NodeUnit -AutonomyLevel L3 site-* | Set-NodeUnitAutonomy -Level L4 -Wait'
            Remarks = 'Promotes all sites still at L3 (at most 16 requests in flight; every patched site waits at once), with one progress bar, and returns when every edge cluster is Ready or has failed. A site with no Ready node gives an InsufficientReadyNodes error; the others go on.'
        }
        @{
            Title   = 'Roll out in a sliding wave of 20, stopping after 3 failures'
            Code    = @'
PS> Get-NodeUnit -Selector 'region=eu' |
        Set-NodeUnitAutonomy -Level L4 -Wait -MaxConcurrentChanges 20 -FailureBudget 3 -ErrorVariable problems
PS> $problems | Group-Object { $_.FullyQualifiedErrorId.Split(',')[0] } -NoElement
'@
            Remarks = 'At most 20 units are changing at any moment; when one is Ready the next starts. After the third failure no further unit is started, the units already changing are waited for, and each unit left out gets a NodeUnitSkipped error. Fix the failures and run the same first command again: the units already at L4 are not written, the rest are promoted.'
        }
        @{
            Title   = 'See what would change, then do it'
            Code    = @'
PS> Set-NodeUnitAutonomy test -Level L4 -WhatIf
PS> Set-NodeUnitAutonomy test -Level L4 -Wait -PassThru
'@
            Output  = @'
What if: Performing the operation "Set autonomy level to L4 (merge patch <the level and Kins' change-time annotation>)" on target "NodeUnit 'test' (context 'kins-sandbox')".

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
