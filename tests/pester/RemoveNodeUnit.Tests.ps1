BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-TestSandbox -Sites 6
    Get-NodeUnit site-0002, site-0003, site-0004 | Set-NodeUnitAutonomy -Level L4 -Wait
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Remove-NodeUnit' {
    It 'deletes an L3 unit and with -Wait returns once it is gone' {
        Remove-NodeUnit site-0001 -Wait -Confirm:$false
        Get-NodeUnit site-0001 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses an L4 unit without changing it' {
        Remove-NodeUnit site-0002 -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitHasEdgeCluster,Kins.PowerShell.Commands.RemoveNodeUnitCommand'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        $unit = Get-NodeUnit site-0002
        $unit.AutonomyLevel | Should -Be 'L4'
        $unit.DeletionTimestamp | Should -BeNullOrEmpty
    }

    It 'with -Force demotes, waits for the teardown and deletes' {
        $removed = Remove-NodeUnit site-0002 -Force -Wait -PassThru -Confirm:$false
        $removed.Name | Should -Be 'site-0002'
        Get-NodeUnit site-0002 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Invoke-Kubectl get pods -n kins-system -l 'site-0002=nodeunits.superedge.io' -o name).Output | Should -BeNullOrEmpty
    }

    It 'repairs a unit stuck in Deleting after kubectl deleted it at L4' {
        $null = Invoke-Kubectl delete nu site-0003 --wait=false
        (Get-NodeUnit site-0003).KinsState | Should -Be 'Deleting'
        Remove-NodeUnit site-0003 -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitHasEdgeCluster,Kins.PowerShell.Commands.RemoveNodeUnitCommand'
        $failures[0].Exception.Message | Should -Match 'stuck in Deleting'
        Remove-NodeUnit site-0003 -Force -Wait -Confirm:$false
        Get-NodeUnit site-0003 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'removes nothing with -WhatIf' {
        Remove-NodeUnit site-0004, site-0005 -Force -WhatIf
        @(Get-NodeUnit site-0004, site-0005).Count | Should -Be 2
    }

    It 'gives one error for a missing unit and removes the others' {
        'site-0005', 'no-such-unit', 'site-0006' | Remove-NodeUnit -Wait -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitNotFound,Kins.PowerShell.Commands.RemoveNodeUnitCommand'
        Get-NodeUnit site-0005, site-0006 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe 'New-NodeUnit' {
    It 'creates a unit and waits until site-manager has taken it over' {
        $unit = New-NodeUnit shop-042 -Node site-0006-node-1, site-0006-node-2 -Label @{ region = 'eu' } -Wait
        $unit.Name | Should -Be 'shop-042'
        $unit.Finalizers | Should -Contain 'site.superedge.io/nodeunit'
        $unit.ReadyRate | Should -Be '2/2'
        $unit.Labels['region'] | Should -Be 'eu'
    }

    It 'creates at L4 and waits until Ready' {
        # A free node: site-0004-node-1 is site-0004's K3s server, and v0.9's anti-affinity keeps a second server off it;
        # site-0005 was removed above, so no L3 unit lists its nodes (an L3 unit strips their server role, flaw 13).
        (New-NodeUnit shop-043 -Node site-0005-node-1 -AutonomyLevel L4 -Wait).KinsState | Should -Be 'Ready'
    }

    It 'refuses an invalid name before sending anything' {
        New-NodeUnit 'Shop_42' -Node edge1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'InvalidNodeUnitName,Kins.PowerShell.Commands.NewNodeUnitCommand'
        $failures[0].Exception.Message | Should -Match 'DNS-1123'
    }

    It 'reports an existing name' {
        New-NodeUnit test -Node edge1 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitAlreadyExists,Kins.PowerShell.Commands.NewNodeUnitCommand'
    }

    It 'refuses L4 when none of the nodes is ready' {
        New-NodeUnit lonely -Node no-such-node -AutonomyLevel L4 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'InsufficientReadyNodes,Kins.PowerShell.Commands.NewNodeUnitCommand'
        Get-NodeUnit lonely -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'creates nothing with -WhatIf' {
        New-NodeUnit what-if -Node edge1 -WhatIf
        Get-NodeUnit what-if -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}
