@{
    Synopsis    = 'Starts a local SuperEdge control plane on 127.0.0.1, for demos, tests and trying Kins out.'

    Description = @'
Start-KinsSandbox starts the Kins sandbox in a process of its own: a small Kubernetes API server over real HTTPS on 127.0.0.1 that runs SuperEdge's site-manager and tunnel-cloud as SITE-MANAGER.md describes them. Its site-manager behaves as SuperEdge v0.9.0's does, flaws included: it creates the unit unit-node-all over every Linux node at start, a unit created at L4 or L5 gets a Failed phase that is never cleared, the credential reference is set before any pod runs, and a level other than exactly L3, L4 or L5 is ignored but blocks deletion. Promoting a unit creates the same objects as in a real SuperEdge cluster; simulated pods become Ready after -ReadyDelay (or a delay drawn up to -ReadyDelayMax); each promoted unit gets an edge API endpoint standing in for its K3s cluster, and tunnel-cloud's http-proxy is a real proxy. Both kubeconfigs (Get-KinsKubeconfig and New-KinsProxyKubeconfig) work against it, with kubectl too.

Start-KinsSandbox returns once the sandbox's controllers have settled (site-manager has labelled every node), so what follows meets a cluster that has been running, not one busy with its own start; with thousands of sites this takes a few seconds.

By default the sandbox holds the SuperEdge article's world: a master node, nodes edge1, edge2 and edge3, the NodeUnit test at L3, and tunnel-cloud in edge-system. -Sites adds units site-0001, site-0002, ... at L3, each with -NodesPerSite Ready nodes. -Empty starts a bare API server with no NodeUnit CRD.

It returns a Kins.Sandbox object with the Kubeconfig path the sandbox wrote (a bearer token and its CA), the Context to use, the Endpoint (https://127.0.0.1:<port>) and the ProcessId. Stop it with Stop-KinsSandbox, which takes that object from the pipeline.

The sandbox is not a production cluster, and says so. It keeps its state in memory: stopping it discards everything.
'@

    Parameters  = @{
        Sites        = 'Add this many units, site-0001 to site-NNNN, at L3, besides the article''s world (0 to 100000). Large numbers are for benchmarks.'
        NodesPerSite = 'How many Ready nodes each added site has (1 to 100). L5 needs 3.'
        ReadyDelay   = 'How long the simulated pods of an edge cluster take to become Ready after site-manager creates them: 0 for instant promotion, longer to watch Promoting and progress bars. A bare number is seconds (3, 0.5); 500ms, 3s or 00:00:03 work too; negative values and more than 24 hours are refused.'
        ReadyDelayMax = 'The longest delay: each pod''s delay is drawn between -ReadyDelay and -ReadyDelayMax, so a batch of edge clusters comes up at staggered times, as real K3s clusters do (for example -ReadyDelay 00:00:20 -ReadyDelayMax 00:00:40).'
        Seed         = 'Makes the drawn delays repeatable: each pod''s delay then depends only on the seed and the pod''s name.'
        SyncPeriod   = 'How often the sandbox''s site-manager passes over every NodeUnit again (SuperEdge''s --sync-period, 30 seconds by default). Shorter periods make its periodic effects (repeated deletion-guard events, recreated kins objects) show sooner.'
        NodeMonitorGracePeriod = 'How long the nodes of a site cut off with Set-KinsSandbox -CloudLink Offline -NodeUnit stay as they were before the cloud marks them Unknown (Kubernetes'' --node-monitor-grace-period, 40 seconds by default). Tests shorten it.'
        Empty        = 'Start with no NodeUnit CRD and no objects: a plain API server, as a cluster without SuperEdge looks (Get-NodeUnit then says the CRD is not installed).'
        WhatIf       = 'Shows that a sandbox would be started, and starts nothing.'
    }

    Examples    = @(
        @{
            Title   = 'Try Kins against the article''s world'
            Sandbox = $false
            Code    = @'
PS> $sandbox = Start-KinsSandbox
PS> $env:KUBECONFIG = $sandbox.Kubeconfig
PS> Get-NodeUnit test | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru
PS> Get-KinsKubeconfig test -OutFile ./test.kubeconfig | Out-Null
PS> kubectl --kubeconfig ./test.kubeconfig get nodes -o name
PS> $sandbox | Stop-KinsSandbox
'@
            Output  = @'
TYPE   LEVEL STATE     READY    AGE NAME
----   ----- -----     -----    --- ----
edge   L4    Ready       3/3  <age> test

node/edge1
node/edge2
node/edge3
'@
            Remarks = 'Starts a sandbox, points kubectl and Kins at it through $env:KUBECONFIG, promotes the unit test, uses its edge kubeconfig, and stops the sandbox.'
        }
        @{
            Title   = 'A few sites, used without touching $env:KUBECONFIG'
            Sandbox = $false
            Code    = @'
PS> $sandbox = Start-KinsSandbox -Sites 3 -ReadyDelay 3
PS> Get-NodeUnit site-00* -Kubeconfig $sandbox.Kubeconfig |
        Set-NodeUnitAutonomy -Level L4 -Wait -PassThru | Sort-Object Name
PS> $sandbox | Stop-KinsSandbox
'@
            Output  = @'
TYPE   LEVEL STATE     READY    AGE NAME
----   ----- -----     -----    --- ----
edge   L4    Ready       3/3  <age> site-0001
edge   L4    Ready       3/3  <age> site-0002
edge   L4    Ready       3/3  <age> site-0003
'@
            Remarks = 'The units carry the sandbox''s Kubeconfig, Context and ApiServer, so Set-NodeUnitAutonomy acts on the sandbox too; the 3-second readiness delay (a bare number is seconds) shows the progress bar.'
        }
        @{
            Title   = 'A sandbox for a Pester test'
            Pester  = $true
            Code    = @'
Describe 'Promotion' {
    BeforeAll { $script:sandbox = Start-KinsSandbox -Sites 5 -ReadyDelay 0 }
    AfterAll { $script:sandbox | Stop-KinsSandbox }

    It 'promotes every site' {
        Get-NodeUnit site-* -Kubeconfig $sandbox.Kubeconfig | Set-NodeUnitAutonomy -Level L4 -Wait -ThrottleLimit 8
        @(Get-NodeUnit site-* -AutonomyLevel L4 -Kubeconfig $sandbox.Kubeconfig).Count | Should -Be 5
    }
}
'@
            Remarks = 'A Pester 5 test file: each file gets its own sandbox on a free port, started in BeforeAll inside the Describe block and stopped in AfterAll.'
        }
    )

    Inputs      = @(
        @{ Type = 'None'; Description = 'Start-KinsSandbox takes no pipeline input.' }
    )

    Outputs     = @(
        @{ Type = 'Kins.Sandbox'; Description = 'Kubeconfig (path of the kubeconfig the sandbox wrote), Context, Endpoint (https://127.0.0.1:<port>) and ProcessId.' }
    )

    Notes       = @'
The sandbox listens on 127.0.0.1 only, on a free port. Error id when it cannot start: SandboxStartFailed.

build.ps1 -Task Demo starts a sandbox and tells the SuperEdge article's whole story with the cmdlets.
'@

    Links       = @(
        'about_Kins'
        'Stop-KinsSandbox'
        'Get-NodeUnit'
    )
}
