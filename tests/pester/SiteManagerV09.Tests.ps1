# How Kins judges units on a cluster that behaves as SuperEdge v0.9 really does (SITE-MANAGER.md, "Flaws of v0.9"
# and "How a client can judge a unit's state"): each flaw reproduced in the sandbox and checked with kubectl, and
# Kins' answer to it checked through the cmdlets.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    # Pods become Ready 5 s after site-manager creates them, so a promotion is visibly in progress for a while.
    $script:sandbox = Start-TestSandbox -Sites 6 -ReadyDelay ([TimeSpan]::FromSeconds(5))
    $null = Get-NodeUnit test    # warm: the first call of a session loads the client

    function script:Get-Phase([string] $Unit) {
        (Invoke-Kubectl get nu $Unit -o 'jsonpath={.status.unitClusterStatus.phase}').Output
    }

    function script:Wait-Until([scriptblock] $Condition, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting for: $Condition" }
            Start-Sleep -Milliseconds 200
        }
    }

    function script:Free-Site([string] $Site) {
        # A site's nodes, out of every unit's spec.nodes (flaw 13: an L3 unit listing a node strips its server role).
        $null = Remove-NodeUnit $Site -Wait -Confirm:$false
        1..3 | ForEach-Object { "$Site-node-$_" }
    }
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Kins on SuperEdge v0.9' {
    It 'says Promoting right after a promotion starts, though site-manager has already set the credential ref (flaw 3), then Ready' {
        $null = Set-NodeUnitAutonomy site-0001 -Level L4 -Confirm:$false
        (Get-NodeUnit site-0001).KinsState | Should -Be 'Promoting'
        Wait-Until { (Get-NodeUnit site-0001).KubeconfigRef -eq 'kins-system/site-0001-cm-kins' }
        $unit = Get-NodeUnit site-0001
        $unit.KinsState | Should -Be 'Promoting'
        $unit.Reason | Should -Match 'every object is created'
        $kubeconfig = Get-KinsKubeconfig site-0001 -WarningVariable warnings -WarningAction SilentlyContinue
        $kubeconfig.EdgeClusterReady | Should -BeFalse
        $warnings.Count | Should -Be 1

        (Set-NodeUnitAutonomy site-0001 -Level L4 -Wait -PassThru).KinsState | Should -Be 'Ready'
        (Get-NodeUnit site-0001).KinsState | Should -Be 'Ready'
        (Get-KinsKubeconfig site-0001 -WarningVariable warnings -WarningAction SilentlyContinue).EdgeClusterReady | Should -BeTrue
        $warnings.Count | Should -Be 0
    }

    It 'reports L5 to L4 as Ready with the three servers it keeps (flaw 10)' {
        $null = Set-NodeUnitAutonomy site-0001 -Level L5 -Wait -Timeout 00:01:30 -ErrorAction Continue
        if ((Get-NodeUnit site-0001).KinsState -ne 'Ready') { (Invoke-Kubectl get pods,statefulsets,daemonsets -n kins-system -o wide).Output | Write-Host }
        $unit = Set-NodeUnitAutonomy site-0001 -Level L4 -Wait -PassThru
        $unit.KinsState | Should -Be 'Ready'
        $unit.ServerNodes | Should -Be @('site-0001-node-1', 'site-0001-node-2', 'site-0001-node-3')
        $unit.Reason | Should -Match '3 K3s servers kept from L5'
        $unit.Notices | Should -Match 'one K3s server \(embedded etcd\)'
        (Invoke-Kubectl get statefulset -n kins-system site-0001-server-kins-join -o 'jsonpath={.status.readyReplicas}').Output | Should -Be '2'
        (Invoke-Kubectl get nodes -l 'site.superedge.io/kins-role=server,site-0001=nodeunits.superedge.io' -o name).Output -split "`n" |
            Should -HaveCount 3
    }

    It 'creates an L4 unit at L3 first and promotes it once site-manager reported its nodes (flaw 2)' {
        $nodes = Free-Site site-0002
        $unit = New-NodeUnit x -Node $nodes -AutonomyLevel L4 -Wait
        $unit.KinsState | Should -Be 'Ready'
        $unit.AutonomyLevel | Should -Be 'L4'
        Get-Phase x | Should -BeNullOrEmpty
    }

    It 'ends a wait Ready while the phase of a unit created directly at L4 stays Failed (flaws 1 and 2)' {
        $nodes = Free-Site site-0003
        $manifest = @{ apiVersion = 'site.superedge.io/v1alpha2'; kind = 'NodeUnit'; metadata = @{ name = 'y' }
            spec = @{ type = 'edge'; autonomyLevel = 'L4'; nodes = $nodes } } | ConvertTo-Json -Depth 5
        $file = Join-Path $TestDrive 'y.json'
        Set-Content $file $manifest
        (Invoke-Kubectl create -f $file).ExitCode | Should -Be 0
        Wait-Until { (Get-Phase y) -eq 'Failed' }
        (Invoke-Kubectl get nu y -o 'jsonpath={.status.unitClusterStatus.conditions[0].message}').Output | Should -Be 'Insufficient Ready Node'

        $unit = Set-NodeUnitAutonomy y -Level L4 -Wait -PassThru
        $unit.KinsState | Should -Be 'Ready'
        Get-Phase y | Should -Be 'Failed'
        $unit = Get-NodeUnit y
        $unit.KinsState | Should -Be 'Ready'
        $unit.Phase | Should -Be 'Failed'
        $unit.FailureIsCurrent | Should -BeFalse
        $unit.LastFailureMessage | Should -Be 'Insufficient Ready Node'
    }

    It 'demotes a selector-based unit with -Wait and reports the role label v0.9 leaves behind (flaws 4 and 5)' {
        $nodes = Free-Site site-0004
        (Invoke-Kubectl label node @nodes 'example.com/zone=z').ExitCode | Should -Be 0
        $manifest = @{ apiVersion = 'site.superedge.io/v1alpha2'; kind = 'NodeUnit'; metadata = @{ name = 'zone' }
            spec = @{ type = 'edge'; autonomyLevel = 'L3'; selector = @{ matchLabels = @{ 'example.com/zone' = 'z' } } } } | ConvertTo-Json -Depth 5
        $file = Join-Path $TestDrive 'zone.json'
        Set-Content $file $manifest
        (Invoke-Kubectl create -f $file).ExitCode | Should -Be 0
        Wait-Until { (Invoke-Kubectl get nu zone -o 'jsonpath={.status.readyRate}').Output -eq '3/3' }
        (Set-NodeUnitAutonomy zone -Level L4 -Wait -PassThru).KinsState | Should -Be 'Ready'

        $unit = Set-NodeUnitAutonomy zone -Level L3 -Wait -Force -PassThru
        $unit.KinsState | Should -Be 'Standard'
        $server = (Invoke-Kubectl get nodes -l 'site.superedge.io/kins-role=server,zone=nodeunits.superedge.io' -o 'jsonpath={.items[*].metadata.name}').Output
        $server | Should -Be 'site-0004-node-1'
        $unit.LeftoverServerRoleNodes | Should -Be @('site-0004-node-1')
        $unit.Notices | Should -Match 'kubectl label node site-0004-node-1 site.superedge.io/kins-role-'
    }

    It 'lists unit-node-all as Standard while other units are promoted (flaw 13)' {
        $all = Get-NodeUnit unit-node-all
        $all.KinsState | Should -Be 'Standard'
        $all.ServerNodes | Should -BeNullOrEmpty
        # Those servers are members of unit-node-all too: their role belongs to the unit whose PV names them.
        (Invoke-Kubectl get nodes -l 'site.superedge.io/kins-role=server,unit-node-all=nodeunits.superedge.io' -o name).Output | Should -Not -BeNullOrEmpty
    }

    It 'refuses to promote unit-node-all, with advice' {
        Set-NodeUnitAutonomy unit-node-all -Level L4 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'DefaultNodeUnitNotPromotable,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
        (Get-NodeUnit unit-node-all).AutonomyLevel | Should -Be 'L3'
    }

    It 'refuses a name site-manager could never promote before anything is written, saying which limit' {
        New-NodeUnit 1site -Node edge1 -AutonomyLevel L4 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitNameNotPromotable,Kins.PowerShell.Commands.NewNodeUnitCommand'
        $failures[0].Exception.Message | Should -Match 'DNS-1035'
        (Invoke-Kubectl get nu 1site).ExitCode | Should -Not -Be 0

        $long = 'a' * 38
        $null = New-NodeUnit $long -Node site-0006-node-1
        Set-NodeUnitAutonomy $long -Level L5 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitNameTooLongForL5,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
        $failures[0].Exception.Message | Should -Match 'at most 35'
        (Get-NodeUnit $long).AutonomyLevel | Should -Be 'L3'
    }

    It 'lists a unit whose stored level is not exactly L3, L4 or L5 as such, with advice (flaw 16)' {
        (Invoke-Kubectl patch nu site-0005 --type merge -p '{"spec":{"autonomyLevel":"l4"}}').ExitCode | Should -Be 0
        $unit = Get-NodeUnit site-0005
        $unit.StoredAutonomyLevel | Should -Be 'l4'
        $unit.AutonomyLevelIsExact | Should -BeFalse
        $unit.KinsState | Should -Be 'Failed'
        $unit.Reason | Should -Match 'Set-NodeUnitAutonomy -Name site-0005 -Level L4'

        (Set-NodeUnitAutonomy site-0005 -Level L4 -Wait -PassThru).KinsState | Should -Be 'Ready'
        (Invoke-Kubectl get nu site-0005 -o 'jsonpath={.spec.autonomyLevel}').Output | Should -BeExactly 'L4'
    }
}
