@{
    Synopsis    = "Probes each promoted unit's edge K3s API from the cloud, through tunnel-cloud, with the unit's own token."

    Description = @'
A promoted unit's pods can all be Running while its K3s API does not answer: the server pods have no readiness probe, and a site cut off from the cloud still looks healthy in the cloud until its node leases expire. Test-KinsEdgeCluster asks the edge cluster itself, end to end, the way an operator reaches it with New-KinsProxyKubeconfig: through tunnel-cloud's http-proxy to https://<unit>-svc-kins.kins-system:443, TLS unverified as SuperEdge requires, with the bearer token of the unit's edge kubeconfig.

For each unit it asks GET /version (the K3s version), GET /readyz (which must answer ok) and the edge cluster's Nodes, and emits one Kins.EdgeClusterHealth: Reachable, Healthy, Failure and Message, Version, Nodes, ReadyNodes, NotReadyNodes, NodesReady ("ready/total"), RoundTrip (one request over the established tunnel), Server, ProxyUrl and CheckedAt.

A unit that does not answer is a result, not an error: Reachable is False and Failure says why.
- ProxyUnreachable: tunnel-cloud's http-proxy itself cannot be reached.
- TunnelRefused: tunnel-cloud refused the CONNECT, or closed the connection without a status line, which is what it does when it has no tunnel to the site (a site cut off from the cloud); also a connection cut during the TLS handshake, when the tunnel was accepted but the K3s server behind it went away.
- TimedOut: no answer within -TimeoutSec (a half-open link).
- Tls: the K3s server refused the TLS handshake (a TLS alert, not a cut connection).
- Unauthorized: the K3s API rejected the unit's token (401 or 403).
- NotReady: the API answered but /readyz did not say ok (Reachable is True).
- ApiError: any other answer.

Errors are kept for what is wrong on the cloud side: NodeUnitNotFound, NodeUnitHasNoEdgeCluster for a unit at L3, EdgeClusterNotReady or KinsConfigMapNotFound while its kubeconfig is not published, KinsServiceNotFound, and TunnelCloudNotFound, HttpProxyPortNotFound or MasterAddressNotFound when the proxy cannot be found. One unit's failure never stops the others.

The table view fits 80 columns: REACHABLE, REASON (the Failure, empty when healthy), VERSION, NODES (ready/total), RTT and NAME last, so a long unit name takes what is left. Format-List shows the Message and every other property.

Up to -ThrottleLimit units are probed at once across the whole pipeline, with one progress bar; results come out as each unit finishes. No kubeconfig is written to disk, and the token never appears in the output, the verbose stream or an error.
'@

    Parameters  = @{
        Name          = 'Names of promoted units (no wildcards). Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Context and Kubeconfig. Alias: NodeUnit.'
        ThrottleLimit = 'How many units are probed at once across the whole pipeline. Waiting for a slow site holds one slot until -TimeoutSec.'
        TimeoutSec    = 'Seconds each unit''s probe (all three requests) may take before it is reported as TimedOut.'
        ProxyUrl      = 'The HTTP proxy to go through instead of the one discovered from tunnel-cloud, for example http://10.20.0.5:31469 when the master node''s InternalIP is not reachable from here.'
        InCluster     = 'Go through tunnel-cloud''s ClusterIP and port 8080, from a pod inside the cloud cluster. Without it, the proxy is a Ready master node''s InternalIP and the http-proxy port''s nodePort.'
    }

    Examples    = @(
        @{
            Title   = 'Which edge clusters answer this morning'
            Sandbox = @{ Sites = 2 }
            Setup   = 'Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false'
            Code    = 'PS> Get-NodeUnit site-* -AutonomyLevel L4 | Test-KinsEdgeCluster | Sort-Object NodeUnit'
            Output  = @'
REACHABLE REASON           VERSION       NODES    RTT NAME
--------- ------           -------       -----    --- ----
True                       v1.22.6+k3s1    3/3 <rtt> site-0001
True                       v1.22.6+k3s1    3/3 <rtt> site-0002
'@
            Remarks = 'Probes every promoted site through the tunnel. A site cut off from the cloud shows REACHABLE False and REASON TunnelRefused; its Message (Format-List) says more, such as "tunnel-cloud (http://10.0.0.1:31469) closed the connection without an answer".'
        }
        @{
            Title   = 'Only the sites that need attention'
            Sandbox = @{ Sites = 2 }
            Setup   = @'
Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false
$sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0002
'@
            Code    = @'
PS> Get-NodeUnit -AutonomyLevel L4 | Test-KinsEdgeCluster -ThrottleLimit 64 -TimeoutSec 5 |
        Where-Object { -not $_.Healthy } | Select-Object NodeUnit, Failure
'@
            Output  = @'
NodeUnit        Failure
--------        -------
site-0002 TunnelRefused
'@
            Remarks = 'Probes up to 64 units at once with a 5-second deadline each and keeps only the units whose edge cluster is unreachable or not ready: here site-0002, whose link to the cloud is cut.'
        }
        @{
            Title   = 'A record for monitoring'
            Sandbox = @{ Sites = 2 }
            Setup   = 'Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false'
            Code    = @'
PS> Get-NodeUnit -AutonomyLevel L4 | Test-KinsEdgeCluster |
        Select-Object NodeUnit, Reachable, Healthy, Failure, Version, NodesReady, RoundTripMs, CheckedAt |
        Export-Csv ./edge-health.csv
PS> Import-Csv ./edge-health.csv | Sort-Object NodeUnit | Format-Table NodeUnit, Reachable, Healthy, Version
'@
            Output  = @'
NodeUnit  Reachable Healthy Version
--------  --------- ------- -------
site-0001 True      True    v1.22.6+k3s1
site-0002 True      True    v1.22.6+k3s1
'@
            Remarks = 'Writes one row per unit with the round trip in milliseconds; the token is never part of the object.'
        }
    )

    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Unit names, bound to -Name.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'Units from Get-NodeUnit (Name, Context and Kubeconfig bind by property name).' }
    )

    Outputs     = @(
        @{ Type = 'Kins.EdgeClusterHealth'; Description = 'One per unit: NodeUnit, AutonomyLevel, Reachable, Healthy, Failure, Message, Version, Nodes, ReadyNodes, NotReadyNodes, NodesReady, RoundTrip, RoundTripMs, Server, ProxyUrl, CheckedAt, Context.' }
    )

    Notes       = @'
The probe reads, never writes: the unit, its edge kubeconfig ConfigMap and its kins Service in the cloud, and three GETs on the edge cluster.

Error ids: NodeUnitNotFound, NodeUnitHasNoEdgeCluster, EdgeClusterNotReady, KinsConfigMapNotFound, KinsKubeconfigInvalid, KinsServiceNotFound, TunnelCloudNotFound, HttpProxyPortNotFound, MasterAddressNotFound, ClusterUnreachable.
'@

    Links       = @(
        'about_Kins'
        'New-KinsProxyKubeconfig'
        'Get-NodeUnit'
        @{ Text = 'SuperEdge tunnel'; Uri = 'https://github.com/superedge/superedge' }
    )
}
