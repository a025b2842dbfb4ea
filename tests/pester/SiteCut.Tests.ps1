# One site cut off from the cloud in the sandbox: Offline in Get-NodeUnit, unreachable for Test-KinsEdgeCluster,
# still serving inside the site; back online, all recovers.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-KinsModule
    $script:grace = [TimeSpan]::FromSeconds(2)
    $script:sandbox = Start-KinsSandbox -Sites 3 -NodeMonitorGracePeriod $grace
    $script:savedKubeconfig = $env:KUBECONFIG
    $env:KUBECONFIG = $sandbox.Kubeconfig

    function script:Wait-Until([scriptblock] $Condition, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting for: $Condition" }
            Start-Sleep -Milliseconds 200
        }
    }

    # site-0003's nodes go to north, a unit that selects them by label only: promoted with the sites and demoted, it
    # keeps its server's role label (flaws 4, 5), which the Done-when scenario repairs.
    $null = Remove-NodeUnit site-0003 -Wait -Confirm:$false
    (Invoke-Kubectl label node site-0003-node-1 site-0003-node-2 site-0003-node-3 'example.com/zone=north').ExitCode | Should -Be 0
    $north = Join-Path $TestDrive 'north.json'
    @{ apiVersion = 'site.superedge.io/v1alpha2'; kind = 'NodeUnit'; metadata = @{ name = 'north' }
        spec = @{ type = 'edge'; autonomyLevel = 'L3'; selector = @{ matchLabels = @{ 'example.com/zone' = 'north' } } } } | ConvertTo-Json -Depth 5 | Set-Content $north
    (Invoke-Kubectl create -f $north).ExitCode | Should -Be 0
    Wait-Until { (Invoke-Kubectl get nu north -o 'jsonpath={.status.readyRate}').Output -eq '3/3' }

    Get-NodeUnit site-*, north | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false
    $null = Set-NodeUnitAutonomy north -Level L3 -Wait -Force -Confirm:$false
    $script:edgeFile = (Get-KinsKubeconfig site-0002 -OutFile (Join-Path $TestDrive 'site-0002.kubeconfig')).FullName
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
        $healthy = Get-NodeUnit site-0001 | Get-KinsFleetSummary
        $healthy.Offline | Should -BeNullOrEmpty
        ($healthy | Out-String -Width 80).Trim() -split "`r?`n" | Should -Be @('UNITS    1 (L4 1)', 'STATES   Ready 1', 'OFFLINE  none', 'FAILED   none')
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

Describe 'One node of a site down' {
    It 'degrades its unit, naming the node, although the DaemonSet controller no longer counts it; back Ready, so is the unit' {
        $unit = Get-NodeUnit site-0001
        $unit.KinsState | Should -Be 'Ready'
        $agent = 'site-0001-node-1', 'site-0001-node-2', 'site-0001-node-3' | Where-Object { $_ -notin $unit.ServerNodes } | Select-Object -First 1
        $body = Join-Path $TestDrive 'empty.json'; Set-Content $body '{}'
        (Invoke-Kubectl create --raw "/sandbox/nodes/$agent/notready" -f $body).ExitCode | Should -Be 0
        try {
            Wait-Until { (Get-NodeUnit site-0001).KinsState -eq 'Degraded' }
            $degraded = Get-NodeUnit site-0001
            $degraded.Reason | Should -Match ([regex]::Escape("node(s) down: $agent (Ready False: KubeletNotReady"))
            # On a real cluster the node's not-ready NoSchedule taint (added a moment after the node turns NotReady) takes
            # it out of the agents' desired count, so the workloads alone read as up: only the node says otherwise.
            $agents = { (Invoke-Kubectl get ds site-0001-agent-kins -n kins-system -o json).Output | ConvertFrom-Json }
            Wait-Until { (& $agents).status.numberMisscheduled -eq 1 }
            $status = (& $agents).status
            $status.numberReady | Should -Be $status.desiredNumberScheduled
            (Get-NodeUnit site-0001).KinsState | Should -Be 'Degraded'
        }
        finally {
            $null = Invoke-Kubectl create --raw "/sandbox/nodes/$agent/ready" -f $body
        }
        Wait-Until { (Get-NodeUnit site-0001).KinsState -eq 'Ready' }
    }
}

Describe 'Issue 14, Done when' {
    It 'shows one cut site Offline since within the grace period, probes every site through the tunnel, and repairs a demoted selector unit''s role labels' {
        # One cut site shows Offline with its LastSeen within the grace period while the others stay Ready.
        $cutFrom = [DateTime]::UtcNow
        $sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0002
        $cutUntil = [DateTime]::UtcNow
        try {
            Wait-Until { (Get-NodeUnit site-0002).KinsState -eq 'Offline' }
            $units = @(Get-NodeUnit site-*)
            $units.Name | Should -Be @('site-0001', 'site-0002')
            $cut = $units | Where-Object Name -eq 'site-0002'
            $cut.KinsState | Should -Be 'Offline'
            $cut.LastSeen.ToUniversalTime() | Should -BeGreaterOrEqual $cutFrom.Subtract($grace) -Because 'the nodes renewed their Leases until the cut'
            # A renewal round already under way when the link went down may still land; the next one (a quarter of the
            # grace period later, as the kubelet renews) does not.
            $cut.LastSeen.ToUniversalTime() | Should -BeLessOrEqual $cutUntil.Add([TimeSpan]::FromTicks($grace.Ticks / 4)) -Because 'no later heartbeat reaches the cloud after the cut'
            ($units | Where-Object Name -ne 'site-0002').KinsState | Should -Be 'Ready'

            # Get-NodeUnit site-* | Test-KinsEdgeCluster: the cut site unreachable with its reason, the others reachable with their K3s version.
            $probes = @(Get-NodeUnit site-* | Test-KinsEdgeCluster)
            $probes.NodeUnit | Sort-Object | Should -Be @('site-0001', 'site-0002')
            $down = $probes | Where-Object NodeUnit -eq 'site-0002'
            $down.Reachable | Should -BeFalse
            $down.Failure | Should -Be 'TunnelRefused'
            $down.Message | Should -Not -BeNullOrEmpty
            $up = $probes | Where-Object NodeUnit -eq 'site-0001'
            $up.Reachable | Should -BeTrue
            $up.Version | Should -Be 'v1.22.6+k3s1'
            # As the table shows it, at 80 columns.
            $lines = ($probes | Out-String -Width 80) -split "`r?`n"
            $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
            @($lines -match '^False\s+TunnelRefused\s+<none>\s+<none>\s+\S+\s+site-0002$').Count | Should -Be 1
            @($lines -match '^True\s+v1\.22\.6\+k3s1\s+3/3\s+\d+m?s\s+site-0001$').Count | Should -Be 1
        }
        finally {
            $sandbox | Set-KinsSandbox -CloudLink Online -NodeUnit site-0002
        }

        # Repair-NodeUnit lists and clears the role labels a selector unit keeps after demotion.
        $server = (Invoke-Kubectl get nodes -l 'site.superedge.io/kins-role=server,north=nodeunits.superedge.io' -o 'jsonpath={.items[*].metadata.name}').Output
        $server | Should -Match '^site-0003-node-\d$' -Because 'v0.9 keeps the role on a selector member after demotion'
        $listed = @(Find-NodeUnitLeftover north | Where-Object Kind -eq 'RoleLabel')
        $listed.Resource | Should -Be @("node/$server")
        $cleared = @($listed | Repair-NodeUnit -Confirm:$false -PassThru)
        $cleared.Resource | Should -Be @("node/$server")
        $cleared.Repaired | Should -BeTrue
        (Invoke-Kubectl get nodes -l 'site.superedge.io/kins-role' -o 'jsonpath={.items[*].metadata.name}').Output | Should -Not -Match 'site-0003'
    }
}

Describe 'A cut site demoted' {
    It 'stays Demoting while its K3s server pod waits, Terminating, for its kubelet; Standard once the link is back' {
        $sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0001
        try {
            Wait-Until { (Get-NodeUnit site-0001).KinsState -eq 'Offline' }
            $result = Set-NodeUnitAutonomy site-0001 -Level L3 -Force -Wait -Timeout 3s -Confirm:$false -ErrorVariable waitErrors -ErrorAction SilentlyContinue
            $result | Should -BeNullOrEmpty
            $waitErrors.FullyQualifiedErrorId | Should -Match '^KinsDemotionTimeout'
            $unit = Get-NodeUnit site-0001
            $unit.KinsState | Should -Be 'Demoting' -Because 'no kubelet has confirmed the server pod''s end'
            $unit.Reason | Should -Match 'K3s server pod\(s\) site-0001-server-kins-0 \(terminating on site-0001-node-\d\)'
            $unit.Reason | Should -Match 'confirms only once it is back'
        }
        finally {
            $sandbox | Set-KinsSandbox -CloudLink Online -NodeUnit site-0001
        }
        Wait-Until { (Get-NodeUnit site-0001).KinsState -eq 'Standard' }
    }
}

Describe 'A cut site removed' {
    It 'is deleted once site-manager''s teardown is done, though its K3s server pod still waits for its kubelet' {
        $sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0002
        try {
            Wait-Until { (Get-NodeUnit site-0002).KinsState -eq 'Offline' }
            $removed = Remove-NodeUnit site-0002 -Force -Wait -Timeout 30s -Confirm:$false -PassThru
            $removed.Name | Should -Be 'site-0002'
            (Invoke-Kubectl get nu site-0002 --ignore-not-found -o name).Output | Should -BeNullOrEmpty
            $pod = (Invoke-Kubectl get pod site-0002-server-kins-0 -n kins-system -o json).Output | ConvertFrom-Json
            $pod.metadata.deletionTimestamp | Should -Not -BeNullOrEmpty -Because 'the cut site''s kubelet has not confirmed its end'
        }
        finally {
            $sandbox | Set-KinsSandbox -CloudLink Online -NodeUnit site-0002
        }
        Wait-Until { -not (Invoke-Kubectl get pod site-0002-server-kins-0 -n kins-system --ignore-not-found -o name).Output }
    }
}

Describe 'A cut site whose K3s server pod is deleted in the cloud' {
    It 'stays Offline with a notice that the pod''s preStop will delete the edge cluster''s data, which it does when the link returns' {
        $null = New-NodeUnit evicted -Node site-0003-node-1, site-0003-node-2 -AutonomyLevel L4 -Wait -Confirm:$false
        $edge = (Get-KinsKubeconfig evicted -OutFile (Join-Path $TestDrive 'evicted.kubeconfig')).FullName
        $made = Invoke-Kubectl --kubeconfig $edge create configmap made-at-the-site --from-literal=a=b
        $made.ExitCode | Should -Be 0 -Because $made.Output
        $sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit evicted
        try {
            Wait-Until { (Get-NodeUnit evicted).KinsState -eq 'Offline' }
            # What taint-based eviction does once the nodes have been unreachable for 300 s, done by hand here.
            (Invoke-Kubectl delete pod evicted-server-kins-0 -n kins-system --wait=false).ExitCode | Should -Be 0
            $unit = Get-NodeUnit evicted
            $unit.KinsState | Should -Be 'Offline'
            $notice = @($unit.Notices -match 'preStop deletes the K3s data')
            $notice.Count | Should -Be 1
            $notice[0] | Should -Match '^K3s server pod evicted-server-kins-0 on site-0003-node-\d is being deleted'
        }
        finally {
            $sandbox | Set-KinsSandbox -CloudLink Online -NodeUnit evicted
        }
        Wait-Until { (Get-NodeUnit evicted).KinsState -eq 'Ready' }
        (Get-NodeUnit evicted).Notices -match 'preStop deletes' | Should -BeNullOrEmpty
        # Flaw 9, as on a real cluster: the new K3s server started from empty data.
        Wait-Until { $left = Invoke-Kubectl --kubeconfig $edge get configmap made-at-the-site --ignore-not-found -o name; $left.ExitCode -eq 0 -and -not $left.Output }
    }
}
