# Test-KinsEdgeCluster: each promoted unit's K3s API probed through the sandbox's tunnel-cloud with the unit's token.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-TestSandbox -Sites 3
    Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false
    $script:token = (Get-KinsKubeconfig site-0001).Token
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Test-KinsEdgeCluster' {
    It 'reports every promoted unit reachable, with its K3s version, its nodes and a round trip' {
        $results = @(Get-NodeUnit site-* | Test-KinsEdgeCluster)
        $results.NodeUnit | Sort-Object | Should -Be @('site-0001', 'site-0002', 'site-0003')
        foreach ($result in $results) {
            $result.PSObject.TypeNames[0] | Should -Be 'Kins.EdgeClusterHealth'
            $result.Reachable | Should -BeTrue
            $result.Healthy | Should -BeTrue
            $result.Failure | Should -Be 'None'
            $result.Version | Should -Be 'v1.22.6+k3s1'
            $result.Nodes | Should -Be @("$($result.NodeUnit)-node-1", "$($result.NodeUnit)-node-2", "$($result.NodeUnit)-node-3")
            $result.NodesReady | Should -Be '3/3'
            $result.RoundTrip | Should -BeOfType [TimeSpan]
            $result.Server | Should -Be "https://$($result.NodeUnit)-svc-kins.kins-system:443"
        }
    }

    It 'reports the K3s version of the image the unit runs' {
        # The edge K3s API answers /version with the tag of its server's image, as a real K3s does.
        $direct = Invoke-Kubectl --kubeconfig (Get-KinsKubeconfig site-0003 -OutFile (Join-Path $TestDrive 'edge3.conf')).FullName get --raw /version
        ($direct.Output | ConvertFrom-Json).gitVersion | Should -Be (Test-KinsEdgeCluster site-0003).Version
    }

    It 'writes an error for a unit without an edge cluster and goes on with the others' {
        $results = @(Test-KinsEdgeCluster test, site-0001 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.NodeUnit | Should -Be @('site-0001')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitHasNoEdgeCluster,Kins.PowerShell.Commands.TestKinsEdgeClusterCommand'
        $failures[0].TargetObject | Should -Be 'test'
        $failures[0].Exception.Message | Should -Be "NodeUnit 'test' is at L3: it has no edge K3s cluster to probe."
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'Where-Object AutonomyLevel -ne L3 \| Test-KinsEdgeCluster'
    }

    It 'reports a proxy that cannot be reached as ProxyUnreachable' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $result = Test-KinsEdgeCluster site-0001 -ProxyUrl "http://127.0.0.1:$port"
        $result.Reachable | Should -BeFalse
        $result.Failure | Should -Be 'ProxyUnreachable'
        $result.Version | Should -BeNullOrEmpty
        $result.NodesReady | Should -BeNullOrEmpty
    }

    It 'reports a proxy that never answers as TimedOut' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        try {
            $result = Test-KinsEdgeCluster site-0001 -ProxyUrl "http://127.0.0.1:$($listener.LocalEndpoint.Port)" -TimeoutSec 1
            $result.Reachable | Should -BeFalse
            $result.Failure | Should -Be 'TimedOut'
        }
        finally { $listener.Stop() }
    }

    It 'reports a refused tunnel as TunnelRefused when the unit''s servers are down' {
        $server = (Get-NodeUnit site-0002).ServerNodes[0]
        $body = Join-Path $TestDrive 'empty.json'; Set-Content $body '{}'
        (Invoke-Kubectl create --raw "/sandbox/nodes/$server/notready" -f $body).ExitCode | Should -Be 0
        try {
            $result = $null
            foreach ($try in 1..50) {
                $result = Test-KinsEdgeCluster site-0002 -TimeoutSec 5
                if (-not $result.Reachable) { break }
                Start-Sleep -Milliseconds 200
            }
            $result.Reachable | Should -BeFalse
            $result.Failure | Should -Be 'TunnelRefused'
            $result.Message | Should -Match 'tunnel'
        }
        finally {
            $null = Invoke-Kubectl create --raw "/sandbox/nodes/$server/ready" -f $body
        }
    }

    It 'reports a token the edge cluster no longer accepts as Unauthorized' {
        # site-manager never rewrites the kubeconfig ConfigMap, so a changed known token leaves it stale.
        $secret = Invoke-Kubectl get secret site-0003-sec-kins -n kins-system -o json
        $data = ($secret.Output | ConvertFrom-Json).data
        $csv = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($data.'known_tokens.csv'))
        $changed = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(($csv -replace '^[^,]+', ('x' * 32))))
        $patched = Invoke-Kubectl patch secret site-0003-sec-kins -n kins-system --type merge -p "{`"data`":{`"known_tokens.csv`":`"$changed`"}}"
        $patched.ExitCode | Should -Be 0 -Because $patched.Output
        $result = $null
        foreach ($try in 1..50) {
            $result = Test-KinsEdgeCluster site-0003
            if ($result.Failure -eq 'Unauthorized') { break }
            Start-Sleep -Milliseconds 200
        }
        $result.Failure | Should -Be 'Unauthorized'
        $result.Reachable | Should -BeFalse
    }

    It 'never shows the token, and leaves no kubeconfig on disk' {
        $started = Get-Date
        $all = Get-NodeUnit site-* | Test-KinsEdgeCluster -Verbose -Debug 4>&1 5>&1
        ($all | Out-String) + ($all | Format-List * | Out-String) + ($all | ConvertTo-Json -Depth 5) | Should -Not -Match ([regex]::Escape($token))
        # Where a kubeconfig would land: the temp folder and the current folder.
        # Regular files only: reading a named pipe or socket there would block.
        Get-ChildItem ([IO.Path]::GetTempPath()), $PWD -File -ErrorAction Ignore |
            Where-Object { $_.UnixMode -like '-*' -and $_.Length -lt 1MB -and $_.LastWriteTime -ge $started } |
            Where-Object { (Get-Content $_.FullName -Raw -ErrorAction Ignore) -match [regex]::Escape($token) } |
            Should -BeNullOrEmpty
    }

    It 'exports cleanly to CSV' {
        $csv = Test-KinsEdgeCluster site-0001 | Select-Object NodeUnit, Reachable, Failure, Version, NodesReady, RoundTripMs | ConvertTo-Csv | ConvertFrom-Csv
        $csv.NodeUnit | Should -Be 'site-0001'
        $csv.Version | Should -Be 'v1.22.6+k3s1'
        $csv.NodesReady | Should -Be '3/3'
    }
}
