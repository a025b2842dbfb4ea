@{
    Synopsis    = 'Cuts or restores a sandbox''s link to the cloud, to show that promoted units keep working offline.'

    Description = @'
Set-KinsSandbox -CloudLink Offline makes the sandbox behave like a site that lost its link to the cloud: the cloud API (the sandbox's Kubernetes API server) and tunnel-cloud's http-proxy stop answering, while every promoted unit's edge K3s endpoint keeps serving. This is the article's promise, made visible: with the edge kubeconfig (Get-KinsKubeconfig) kubectl still works on the unit, while the cloud-side kubeconfig (New-KinsProxyKubeconfig) and every Kins cmdlet against the cloud fail until -CloudLink Online restores the link.

With -NodeUnit, only those units' sites are cut (or restored), as when one shop's line goes down: their nodes stop renewing their Leases in kube-node-lease, and after the node monitor grace period (40 seconds, or Start-KinsSandbox -NodeMonitorGracePeriod) the cloud marks them as a real cluster does: every condition Unknown with reason NodeStatusUnknown ("Kubelet stopped posting node status.") and the node.kubernetes.io/unreachable NoSchedule and NoExecute taints. tunnel-cloud cannot reach their <unit>-svc-kins any more: it closes the connection without a status line, as the real tunnel does. Their edge K3s endpoints keep serving from inside the site. -CloudLink Online -NodeUnit restores it all: the Leases are renewed, the nodes are Ready again and the taints go.

The Kins.Sandbox object that Start-KinsSandbox returns binds by its ProcessId property.
'@

    Parameters  = @{
        ProcessId = 'The process id of the sandbox. Kins.Sandbox objects from Start-KinsSandbox bind their ProcessId property.'
        CloudLink = 'Offline cuts the cloud side (the API server and the tunnel); Online restores it.'
        NodeUnit  = 'Cut or restore only the sites of these units (their nodes and their tunnel), instead of the whole cloud side.'
        PassThru  = 'Emit the Kins.Sandbox object after the change.'
        WhatIf    = 'Shows the change, and makes none.'
    }

    Examples    = @(
        @{
            Title   = 'Show that an edge cluster keeps working without the cloud'
            Code    = @'
PS> $sandbox = Start-KinsSandbox
PS> $env:KUBECONFIG = $sandbox.Kubeconfig
PS> Set-NodeUnitAutonomy test -Level L4 -Wait
PS> Get-KinsKubeconfig test -OutFile ./test.kubeconfig
PS> $sandbox | Set-KinsSandbox -CloudLink Offline
PS> kubectl --kubeconfig ./test.kubeconfig get nodes     # still answers: edge1, edge2, edge3
PS> Get-NodeUnit test                                     # fails: the cloud is unreachable
PS> $sandbox | Set-KinsSandbox -CloudLink Online
'@
            Remarks = 'The edge kubeconfig reaches the unit''s own K3s endpoint, which does not depend on the cloud.'
        }
        @{
            Title   = 'Cut one site off'
            Code    = @'
PS> $sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0002
PS> Get-NodeUnit site-0002 | Test-KinsEdgeCluster    # TunnelRefused at once; the nodes turn Unknown after the grace period
PS> $sandbox | Set-KinsSandbox -CloudLink Online -NodeUnit site-0002
'@
            Remarks = 'Only site-0002 loses its link; the cloud API and every other site keep answering.'
        }
        @{
            Title   = 'Test a runbook''s behaviour during an outage'
            Code    = @'
PS> $sandbox | Set-KinsSandbox -CloudLink Offline -PassThru | Format-Table
PS> ./my-runbook.ps1    # should report the outage cleanly
PS> $sandbox | Set-KinsSandbox -CloudLink Online
'@
            Remarks = 'Pester-tested runbooks can exercise their error handling against a real outage.'
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
