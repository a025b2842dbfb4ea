@{
    Synopsis    = 'Cuts or restores a sandbox''s link to the cloud, to show that promoted units keep working offline.'

    Description = @'
Set-KinsSandbox -CloudLink Offline makes the sandbox behave like a site that lost its link to the cloud: the cloud API (the sandbox's Kubernetes API server) and tunnel-cloud's http-proxy stop answering, while every promoted unit's edge K3s endpoint keeps serving. This is the article's promise, made visible: with the edge kubeconfig (Get-KinsKubeconfig) kubectl still works on the unit, while the cloud-side kubeconfig (New-KinsProxyKubeconfig) and every Kins cmdlet against the cloud fail until -CloudLink Online restores the link.

The Kins.Sandbox object that Start-KinsSandbox returns binds by its ProcessId property.
'@

    Parameters  = @{
        ProcessId = 'The process id of the sandbox. Kins.Sandbox objects from Start-KinsSandbox bind their ProcessId property.'
        CloudLink = 'Offline cuts the cloud side (the API server and the tunnel); Online restores it.'
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
1 units
'@
            Remarks = 'Runbooks can exercise their error handling against a real outage: while the link is cut, the cloud API does not answer.'
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
