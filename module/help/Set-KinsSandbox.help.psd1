@{
    Synopsis    = 'Cuts or restores a sandbox''s link to the cloud, or makes its cloud API misbehave like a real one under load.'

    Description = @'
Set-KinsSandbox -CloudLink Offline makes the sandbox behave like a site that lost its link to the cloud: the cloud API (the sandbox's Kubernetes API server) and tunnel-cloud's http-proxy stop answering, while every promoted unit's edge K3s endpoint keeps serving. This is the article's promise, made visible: with the edge kubeconfig (Get-KinsKubeconfig) kubectl still works on the unit, while the cloud-side kubeconfig (New-KinsProxyKubeconfig) and every Kins cmdlet against the cloud fail until -CloudLink Online restores the link.

With -NodeUnit, only those units' sites are cut (or restored), as when one shop's line goes down: their nodes stop renewing their Leases in kube-node-lease, and after the node monitor grace period (40 seconds, or Start-KinsSandbox -NodeMonitorGracePeriod) the cloud marks them as a real cluster does: every condition Unknown with reason NodeStatusUnknown ("Kubelet stopped posting node status.") and the node.kubernetes.io/unreachable NoSchedule and NoExecute taints. tunnel-cloud cannot reach their <unit>-svc-kins any more: it closes the connection without a status line, as the real tunnel does. Their edge K3s endpoints keep serving from inside the site. -CloudLink Online -NodeUnit restores it all: the Leases are renewed again, the nodes are Ready again and the taints go.

With the fault parameters the cloud API misbehaves the way real API servers and networks do, so that runbooks and tests meet it before production does: a share of requests answered 500 or 503, or 429 with a Retry-After; a share of writes answered 409 Conflict, or applied and then answered 500 (the response lost); watches whose connection is reset, or that go half-open (silent, the connection kept open, no FIN), some seconds after they open; and latency added to every request. Refused requests are not applied. Faults touch only the cloud API, never the edge clusters or the sandbox's own endpoints. Each call replaces the faults set before; -NoFaults clears them. With -FaultSeed the same requests meet the same faults on every run.

The sandbox counts what it injected and every write per NodeUnit (requests, applied, acknowledged, and writes that arrived after one was acknowledged) in its metrics, GET /sandbox/metrics.

The Kins.Sandbox object that Start-KinsSandbox returns binds by its ProcessId property.
'@

    Parameters  = @{
        ProcessId = 'The process id of the sandbox. Kins.Sandbox objects from Start-KinsSandbox bind their ProcessId property.'
        CloudLink = 'Offline cuts the cloud side (the API server and the tunnel); Online restores it.'
        NodeUnit  = 'Cut or restore only the sites of these units (their nodes and their tunnel), instead of the whole cloud side.'
        ServerErrorRate = 'The share of cloud API requests (0 to 1) answered 500 or 503 without being applied.'
        ThrottleRate = 'The share of requests answered 429 Too Many Requests with a Retry-After header, without being applied.'
        RetryAfter = @{ Description = 'The Retry-After of a 429, in whole seconds (at least 1).'; DefaultValue = '1 second' }
        ConflictRate = 'The share of writes (create, update, patch, delete) answered 409 Conflict without being applied.'
        LostResponseRate = 'The share of writes the server applies and then answers 500, as when the response is lost on its way back.'
        ConnectionResetRate = 'The share of requests whose connection is reset with no HTTP answer. Half of the writes among them are reset after the server applied them (the answer is lost), the others before.'
        CloudCutAfterWrites = 'Cuts the whole cloud (as -CloudLink Offline does) when this many NodeUnit writes have arrived since the faults were set, and restores it after -CloudCutFor. 1 cuts it exactly as a batch starts writing; the write that starts the cut is not applied.'
        CloudCutFor = 'How long the cut of -CloudCutAfterWrites lasts; 5 seconds by default.'
        WatchCutAfter = 'Resets the connection of every watch this long after it opened.'
        WatchHalfOpenAfter = 'Every watch goes silent this long after it opened: no event, no bookmark, and no FIN; the connection stays open until the client gives up.'
        Latency = 'Added before every cloud API request is handled.'
        FaultSeed = 'Makes the faults repeatable: a request''s fate depends only on the seed, its method and path, and how many requests with the same method and path came before it. Without it the sandbox draws a seed (shown with -Verbose).'
        NoFaults = 'Clears every fault.'
        PassThru  = 'Emit the Kins.Sandbox object after the change.'
        WhatIf    = 'Shows the change, and makes none.'
    }

    Examples    = @(
        @{
            Title   = 'Show that an edge cluster keeps working without the cloud'
            Sandbox = $false
            Code    = @'
PS> $sandbox = Start-KinsSandbox
PS> $env:KUBECONFIG = $sandbox.Kubeconfig
PS> Set-NodeUnitAutonomy test -Level L4 -Wait
PS> Get-KinsKubeconfig test -OutFile ./test.kubeconfig | Out-Null
PS> $sandbox | Set-KinsSandbox -CloudLink Offline
PS> kubectl --kubeconfig ./test.kubeconfig get nodes -o name    # still answers
PS> Get-NodeUnit test                                           # fails: the cloud is unreachable
PS> $sandbox | Set-KinsSandbox -CloudLink Online
PS> $sandbox | Stop-KinsSandbox
'@
            Output  = @'
node/edge1
node/edge2
node/edge3
Get-NodeUnit: <cannot reach the cloud API>
'@
            Remarks = 'The edge kubeconfig reaches the unit''s own K3s endpoint, which does not depend on the cloud.'
        }
        @{
            Title   = 'Cut one site off'
            Sandbox = @{ Sites = 2 }
            Setup   = 'Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false'
            Code    = @'
PS> $sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0002
PS> (Get-NodeUnit site-0002 | Test-KinsEdgeCluster).Failure    # at once; its nodes turn Unknown after the grace period
PS> (Get-NodeUnit site-0001 | Test-KinsEdgeCluster).Healthy
PS> $sandbox | Set-KinsSandbox -CloudLink Online -NodeUnit site-0002
'@
            Output  = @'
TunnelRefused
True
'@
            Remarks = 'Only site-0002 loses its link; the cloud API and every other site keep answering.'
        }
        @{
            Title   = 'Test a runbook''s behaviour during an outage'
            Setup   = @'
Set-Content -Path ./my-runbook.ps1 -Value @(
    'try { $units = Get-NodeUnit -ErrorAction Stop; "{0} units" -f @($units).Count }'
    'catch { "outage: $($_.FullyQualifiedErrorId -replace '',.*'')" }'
)
'@
            Code    = @'
PS> $sandbox | Set-KinsSandbox -CloudLink Offline
PS> ./my-runbook.ps1    # should report the outage cleanly
PS> $sandbox | Set-KinsSandbox -CloudLink Online
PS> ./my-runbook.ps1
'@
            Output  = @'
outage: ClusterUnreachable
2 units
'@
            Remarks = 'Runbooks can exercise their error handling against a real outage: while the link is cut, the cloud API does not answer.'
        }
        @{
            Title   = 'Promote units while the API server throttles, fails and drops watches'
            Sandbox = @{ Sites = 20 }
            Code    = @'
PS> $sandbox | Set-KinsSandbox -ServerErrorRate 0.1 -ThrottleRate 0.05 -ConflictRate 0.01 -WatchCutAfter 00:00:02 -FaultSeed 7
PS> Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait
PS> $sandbox | Set-KinsSandbox -NoFaults
PS> (Get-NodeUnit site-* | Where-Object KinsState -eq Ready).Count
'@
            Output  = @'
20
'@
            Remarks = 'Every unit reaches L4 despite 10% of requests failing with 500 or 503, 5% throttled, 1% of writes refused with 409 and every watch reset after two seconds.'
        }
    )

    Inputs      = @(
        @{ Type = 'Kins.Sandbox'; Description = 'The object Start-KinsSandbox returned (binds ProcessId by property name).' }
    )

    Outputs     = @(
        @{ Type = 'Kins.Sandbox'; Description = 'With -PassThru, the sandbox.' }
        @{ Type = 'None'; Description = 'Otherwise nothing.' }
    )

    Notes       = 'Only sandboxes started in this session can be changed.'

    Links       = @(
        'about_Kins'
        'Start-KinsSandbox'
        'Stop-KinsSandbox'
    )
}
