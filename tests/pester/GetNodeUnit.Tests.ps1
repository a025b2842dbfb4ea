BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path (Get-KinsRepoRoot) 'build/SandboxTools.psm1') -Force
    $script:sandbox = Start-TestSandbox -Sites 12
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Get-NodeUnit' {
    It 'lists every unit in name order with its level, state and context' {
        $units = @(Get-NodeUnit)
        # The article's unit, 12 sites, and unit-node-all, which site-manager creates over every Linux node at start.
        $units.Count | Should -Be 14
        $units.Name | Should -Contain 'unit-node-all'
        ($units | Where-Object Name -eq 'unit-node-all').KinsState | Should -Be 'Standard'
        $units.Name | Should -Be (@($units.Name) | Sort-Object -CaseSensitive)
        $test = $units | Where-Object Name -eq 'test'
        $test.Type | Should -Be 'edge'
        $test.AutonomyLevel | Should -Be 'L3'
        $test.KinsState | Should -Be 'Standard'
        $test.Nodes | Should -Be @('edge1', 'edge2', 'edge3')
        $test.Context | Should -Be 'kins-sandbox'
        $test.PSObject.TypeNames[0] | Should -Be 'Kins.NodeUnit'
    }

    It 'reads only the named units'' nodes and Leases, and every one for a pattern' {
        # Counted by the sandbox: a list without a selector is what a 10,000-node fleet pays for.
        function Get-UnselectedLists { $m = Get-SandboxMetrics $sandbox; @{ nodes = [int]$m.unselectedLists['nodes']; leases = [int]$m.unselectedLists['leases'] } }
        $before = Get-UnselectedLists
        $named = Get-NodeUnit site-0003, site-0004
        $afterNamed = Get-UnselectedLists
        $all = @(Get-NodeUnit site-*)
        $afterPattern = Get-UnselectedLists

        $named.Name | Should -Be @('site-0003', 'site-0004')
        $named.LastSeen | ForEach-Object { $_ | Should -Not -BeNullOrEmpty }
        $afterNamed.nodes - $before.nodes | Should -Be 0
        $afterNamed.leases - $before.leases | Should -Be 0
        $all.Count | Should -Be 12
        $afterPattern.nodes - $afterNamed.nodes | Should -Be 1
        $afterPattern.leases - $afterNamed.leases | Should -Be 1
        ($all | Where-Object Name -eq 'site-0003').LastSeen | Should -Not -BeNullOrEmpty
    }

    It 'reports what site-manager observed' {
        $test = Get-NodeUnit test
        $test.ReadyRate | Should -Be '3/3'
        $test.ReadyNodes | Should -Be @('edge1', 'edge2', 'edge3')
        $test.Finalizers | Should -Contain 'site.superedge.io/nodeunit'
    }

    It 'matches wildcards and takes names from the pipeline' {
        (Get-NodeUnit 'site-000*').Name | Should -Be @('site-0001', 'site-0002', 'site-0003', 'site-0004', 'site-0005', 'site-0006', 'site-0007', 'site-0008', 'site-0009')
        ('test', 'site-0010' | Get-NodeUnit).Name | Should -Be @('test', 'site-0010')
    }

    It 'reports one ObjectNotFound error per missing name and still returns the others' {
        $found = Get-NodeUnit 'test', 'no-such-unit', 'site-0001' -ErrorVariable failures -ErrorAction SilentlyContinue
        $found.Name | Should -Be @('test', 'site-0001')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitNotFound,Kins.PowerShell.Commands.GetNodeUnitCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'no-such-unit'
    }

    It 'does not report a pattern that matches nothing' {
        Get-NodeUnit 'zzz-*' -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
    }

    It 'filters by level and by label selector' {
        $null = Invoke-Kubectl label nu site-0011 region=eu
        (Get-NodeUnit -Selector 'region=eu').Name | Should -Be 'site-0011'
        (Get-NodeUnit -Selector 'region=eu' site-0012 -ErrorVariable failures -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
        $failures.Count | Should -Be 0
        Set-NodeUnitAutonomy site-0012 -Level L4 -Wait
        (Get-NodeUnit -AutonomyLevel L4).Name | Should -Be 'site-0012'
        (Get-NodeUnit site-0012).KinsState | Should -Be 'Ready'
    }

    It 'shows a kubectl-like table' {
        $table = Get-NodeUnit test | Out-String
        $table | Should -Match 'TYPE\s+LEVEL\s+STATE\s+READY\s+AGE\s+NAME'
        $table | Should -Match 'edge\s+L3\s+Standard\s+3/3\s+\d+s\s+test'
    }

    It 'completes unit names live from the cluster' {
        $completion = TabExpansion2 -inputScript 'Get-NodeUnit site-001' -cursorColumn 'Get-NodeUnit site-001'.Length
        $completion.CompletionMatches.CompletionText | Should -Be @('site-0010', 'site-0011', 'site-0012')
    }

    It 'completes contexts from the kubeconfig' {
        $completion = TabExpansion2 -inputScript 'Get-NodeUnit -Context kins' -cursorColumn 'Get-NodeUnit -Context kins'.Length
        $completion.CompletionMatches.CompletionText | Should -Contain 'kins-sandbox'
    }

    It 'stops with ContextNotFound for an unknown context, naming the ones that exist' {
        { Get-NodeUnit -Context no-such-context -ErrorAction Stop } | Should -Throw -ErrorId 'ContextNotFound,Kins.PowerShell.Commands.GetNodeUnitCommand' -ExpectedMessage '*kins-sandbox*'
    }

    It 'works with an explicit -Kubeconfig and carries it on its objects' {
        $saved = $env:KUBECONFIG
        try {
            $env:KUBECONFIG = Join-Path $TestDrive 'nothing-here'
            $unit = Get-NodeUnit test -Kubeconfig $sandbox.Kubeconfig
            $unit.Kubeconfig | Should -Be $sandbox.Kubeconfig
            ($unit | Get-NodeUnit).Name | Should -Be 'test'
        }
        finally { $env:KUBECONFIG = $saved }
    }
}

Describe 'Get-NodeUnit against a cluster without SuperEdge' {
    BeforeAll { $script:empty = Start-TestSandbox -Empty }
    AfterAll { Stop-TestSandbox $empty }

    It 'stops with a plain explanation' {
        { Get-NodeUnit -ErrorAction Stop } | Should -Throw -ErrorId 'NodeUnitCrdNotInstalled,Kins.PowerShell.Commands.GetNodeUnitCommand' -ExpectedMessage '*not installed*'
    }
}
