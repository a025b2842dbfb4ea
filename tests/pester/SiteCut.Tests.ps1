# One site cut off from the cloud in the sandbox: Offline in Get-NodeUnit, unreachable for Test-KinsEdgeCluster,
# still serving inside the site; back online, all recovers.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-KinsModule
    $script:sandbox = Start-KinsSandbox -Sites 2 -NodeMonitorGracePeriod ([TimeSpan]::FromSeconds(2))
    $script:savedKubeconfig = $env:KUBECONFIG
    $env:KUBECONFIG = $sandbox.Kubeconfig
    Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false
    $script:edgeFile = (Get-KinsKubeconfig site-0002 -OutFile (Join-Path $TestDrive 'site-0002.kubeconfig')).FullName

    function script:Wait-Until([scriptblock] $Condition, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting for: $Condition" }
            Start-Sleep -Milliseconds 200
        }
    }
}
AfterAll {
    $env:KUBECONFIG = $savedKubeconfig
    if ($sandbox) { $sandbox | Stop-KinsSandbox -Confirm:$false }
}

Describe 'A site cut off from the cloud' {
    It 'has Leases renewed for every node while online' {
        $lease = Invoke-Kubectl get lease site-0001-node-1 -n kube-node-lease -o json
        $lease.ExitCode | Should -Be 0 -Because $lease.Output
        ($lease.Output | ConvertFrom-Json).spec.holderIdentity | Should -Be 'site-0001-node-1'
        (Get-NodeUnit site-0001).LastSeen | Should -Not -BeNullOrEmpty
    }

    It 'is unreachable through the tunnel at once, with the real tunnel''s failure' {
        $sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0002
        $result = Test-KinsEdgeCluster site-0002
        $result.Reachable | Should -BeFalse
        $result.Failure | Should -Be 'TunnelRefused'
        $result.Message | Should -Match 'without an answer|refused'
        (Test-KinsEdgeCluster site-0001).Healthy | Should -BeTrue
    }

    It 'turns Offline after the grace period with the node lifecycle controller''s conditions and taints' {
        Wait-Until { (Get-NodeUnit site-0002).KinsState -eq 'Offline' }
        $unit = Get-NodeUnit site-0002
        $unit.LastSeen | Should -BeLessThan ([DateTime]::UtcNow)
        $unit.Reason | Should -Match 'NodeStatusUnknown'
        ($unit | Format-Table | Out-String) | Should -Match 'OFFLINE'
        (Get-NodeUnit site-0001).KinsState | Should -Be 'Ready'
        $node = (Invoke-Kubectl get node site-0002-node-1 -o json).Output | ConvertFrom-Json
        $ready = $node.status.conditions | Where-Object type -eq 'Ready'
        $ready.status | Should -Be 'Unknown'
        $ready.reason | Should -Be 'NodeStatusUnknown'
        $ready.message | Should -Be 'Kubelet stopped posting node status.'
        ($node.spec.taints | Where-Object key -eq 'node.kubernetes.io/unreachable').effect | Sort-Object | Should -Be @('NoExecute', 'NoSchedule')
    }

    It 'shows in the fleet summary with how long it has been silent' {
        $summary = Get-KinsFleetSummary
        $summary.PSObject.TypeNames[0] | Should -Be 'Kins.FleetSummary'
        $summary.Offline.Name | Should -Be @('site-0002')
        $summary.ByLevel['L4'] | Should -Be 2
        $summary.ByState['Offline'] | Should -Be 1
        $text = $summary | Out-String -Width 80
        $text | Should -Match 'OFFLINE\s+1'
        $text | Should -Match 'site-0002\s+L4\s+silent for'
        ($text -split "`n" | Where-Object { $_.TrimEnd().Length -gt 80 }) | Should -BeNullOrEmpty
        (Get-NodeUnit site-0001 | Get-KinsFleetSummary).Offline | Should -BeNullOrEmpty
    }

    It 'keeps serving inside the site: its edge kubeconfig still works' {
        $nodes = Invoke-Kubectl --kubeconfig $edgeFile get nodes -o name
        $nodes.ExitCode | Should -Be 0 -Because $nodes.Output
        ($nodes.Output -split "`n" | Sort-Object) | Should -Be @('node/site-0002-node-1', 'node/site-0002-node-2', 'node/site-0002-node-3')
    }

    It 'recovers when the link is back' {
        $sandbox | Set-KinsSandbox -CloudLink Online -NodeUnit site-0002
        Wait-Until { (Get-NodeUnit site-0002).KinsState -eq 'Ready' }
        Wait-Until { (Test-KinsEdgeCluster site-0002).Healthy }
        $node = (Invoke-Kubectl get node site-0002-node-1 -o json).Output | ConvertFrom-Json
        ($node.status.conditions | Where-Object type -eq 'Ready').status | Should -Be 'True'
        $node.spec.taints | Where-Object key -eq 'node.kubernetes.io/unreachable' | Should -BeNullOrEmpty
    }
}
