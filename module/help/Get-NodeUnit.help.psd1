@{
    Synopsis    = 'Lists SuperEdge NodeUnits with their autonomy level and kins state.'

    Description = @'
Get-NodeUnit reads the NodeUnits (site.superedge.io/v1alpha2) of a cluster and emits one Kins.NodeUnit object per unit: Name, Type, AutonomyLevel, KinsState and its reason, ReadyRate, ReadyNodes, NotReadyNodes, Nodes, ServerNodes, Phase, KubeconfigRef, Age, DeletionTimestamp and Context. The default table shows NAME, TYPE, LEVEL, STATE, READY and AGE, like kubectl get nodeunits with the level and the state added.

The kins state is computed from what the cluster shows, not from what site-manager reports (site-manager never reports Running, and never clears Failed): Standard (L3, nothing of an edge cluster left), Promoting (L4/L5 requested, not all parts up; the credential reference is set before any pod runs, so it does not mean up), Ready (every K3s pod ready, kubeconfig published), Degraded (every object was created, but one of them or a server is gone), Demoting (L3 requested, objects remain), Deleting (deletionTimestamp set) or Failed (site-manager's failure is current: rewritten within the last 2 x 30 s, after the last level change, with the edge cluster not up; or the stored level is not exactly L3, L4 or L5). A Failed phase that SuperEdge v0.9 left behind never hides Ready: Phase still shows it, FailureIsCurrent says it does not count, LastFailureMessage and LastFailureTime say what and when.

A node's server role belongs to the unit whose server PersistentVolume names it, so units that share nodes (site-manager's unit-node-all spans every Linux node) are judged each on its own. What SuperEdge v0.9 leaves behind without changing the state is listed in Notices: server role labels on selector members after a demotion (also in LeftoverServerRoleNodes), the three servers an L5 unit keeps when set to L4. StoredAutonomyLevel shows the level exactly as stored; AutonomyLevelIsExact is $false for spellings site-manager ignores ("l4", "L4 "). See about_Kins.

Units are listed in name order and streamed page by page as the API server returns them, so the first objects appear at once even with thousands of units, and the cost of observing many units is a constant number of list calls, not one call per unit.

Names accept wildcards. A name without wildcards that matches no unit is a non-terminating NodeUnitNotFound error; the other names go on. When the cluster has no NodeUnit CRD (SuperEdge's site-manager is not installed), Get-NodeUnit stops with a terminating NodeUnitCrdNotInstalled error that says so.
'@

    Parameters  = @{
        Name          = @'
Names of the units to get. Wildcards (*, ?, [a-z]) are allowed; exact names are looked up on the server with a field selector. Strings piped to Get-NodeUnit bind here, and so does the Name property of piped objects. Tab completion offers the units of the cluster, honouring -Kubeconfig and -Context typed before it. When omitted, every unit is listed.
'@
        AutonomyLevel = 'Only units whose spec.autonomyLevel is this level: L3, L4 or L5.'
        Selector      = @'
A Kubernetes label selector on the NodeUnit objects, as with kubectl -l: 'region=eu', 'tier in (shop,factory)', '!canary'. It is evaluated by the API server.
'@
    }

    Examples    = @(
        @{
            Title   = 'List every unit'
            Sandbox = @{ Sites = 2 }
            Setup   = 'Set-NodeUnitAutonomy site-0002 -Level L4 -Wait'
            Code    = 'PS> Get-NodeUnit'
            Output  = @'
TYPE   LEVEL STATE     READY    AGE NAME
----   ----- -----     -----    --- ----
edge   L3    Standard    3/3  <age> site-0001
edge   L4    Ready       3/3  <age> site-0002
edge   L3    Standard    3/3  <age> test
'@
            Remarks = 'Lists the units of the current context of $env:KUBECONFIG (or ~/.kube/config). The name comes last, so long names do not push the other columns off an 80-column screen.'
        }
        @{
            Title   = 'Promote every L3 site in one pipeline'
            Sandbox = @{ Sites = 3 }
            Code    = 'PS> Get-NodeUnit -AutonomyLevel L3 site-* | Set-NodeUnitAutonomy -Level L4 -Wait'
            Remarks = 'Selects the units whose name starts with site- that are still at L3 and promotes them all to L4, at most 16 at a time, waiting until each edge cluster is Ready. Prints nothing when all went well.'
        }
        @{
            Title   = 'Find degraded edge clusters in one region of another cluster'
            Sandbox = @{ Sites = 2 }
            Setup   = @'
Copy-Item $sandbox.Kubeconfig ./clusters.kubeconfig
kubectl --kubeconfig ./clusters.kubeconfig config rename-context kins-sandbox prod-eu
$env:KUBECONFIG = (Resolve-Path ./clusters.kubeconfig).Path
kubectl label nu site-0001 site-0002 region=eu
'@
            Code    = @'
PS> Get-NodeUnit -Context prod-eu -Selector 'region=eu' |
        Where-Object KinsState -eq 'Degraded' |
        Select-Object Name, KinsState, ReadyRate, NotReadyNodes
'@
            Remarks = 'Reads the units labelled region=eu from the cluster of context prod-eu and shows the ones whose edge cluster was Ready but is not now (a server down, a pod not ready). Here every edge cluster is healthy, so nothing is shown.'
        }
        @{
            Title   = 'Look units up by name from a file'
            Sandbox = @{ Sites = 1 }
            Setup   = 'Set-Content -Path ./sites.txt -Value test, site-0001, shop-999'
            Code    = @'
PS> Get-Content ./sites.txt | Get-NodeUnit -ErrorVariable missing
'@
            Output  = @'
TYPE   LEVEL STATE     READY    AGE NAME
----   ----- -----     -----    --- ----
edge   L3    Standard    3/3  <age> test
edge   L3    Standard    3/3  <age> site-0001

Get-NodeUnit: NodeUnit 'shop-999' was not found in context 'kins-sandbox'.
'@
            Remarks = 'Each line of sites.txt is a unit name. Names that match no unit each give a NodeUnitNotFound error (collected in $missing, the name as TargetObject); the others are listed.'
        }
    )

    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Unit names (wildcards allowed), bound to -Name.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'Any object with a Name property; its Context and Kubeconfig properties bind too.' }
    )

    Outputs     = @(
        @{ Type = 'Kins.NodeUnit'; Description = 'One object per unit, in name order, streamed as pages arrive. It carries the Context it was read from.' }
    )

    Notes       = @'
Error ids: NodeUnitNotFound (non-terminating, per missing name), NodeUnitCrdNotInstalled, ContextNotFound, KubeconfigNotFound, KubeconfigInvalid, ClusterUnreachable, Unauthorized, Forbidden (terminating).

Get-NodeUnit only reads; it never changes the cluster.
'@

    Links       = @(
        'about_Kins'
        'Set-NodeUnitAutonomy'
        'Get-KinsKubeconfig'
        'Remove-NodeUnit'
        'New-NodeUnit'
        @{ Text = 'SuperEdge'; Uri = 'https://github.com/superedge/superedge' }
    )
}
