BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
    $script:runbook = Join-Path $PSScriptRoot 'Invoke-WavePromotion.ps1'
}

Describe 'Invoke-WavePromotion runbook' {
    BeforeEach {
        $script:sandbox = Start-TestSandbox -Sites 6
        # A unit whose nodes do not exist cannot be promoted; it sorts first, so it fails in the first wave.
        $null = New-NodeUnit -Name site-0000 -Node ghost-1 -Wait
    }
    AfterEach { Stop-TestSandbox $sandbox }

    It 'stops starting units once the failure budget is spent, and a rerun after the fix finishes the rest' {
        $results = & $runbook -Name 'site-*' -WaveSize 3 -FailureBudget 1

        $failed = @($results | Where-Object Outcome -eq 'Failed')
        $failed.Name | Should -Be 'site-0000'
        $failed.Error | Should -Match '^InsufficientReadyNodes'
        @($results | Where-Object Outcome -eq 'Promoted').Name | Sort-Object | Should -Be @('site-0001', 'site-0002')
        $skipped = @($results | Where-Object Outcome -eq 'Skipped')
        $skipped.Name | Should -Be @('site-0003', 'site-0004', 'site-0005', 'site-0006')
        $skipped | ForEach-Object { $_.Error | Should -Match "^NodeUnitSkipped: NodeUnit '$($_.Name)'" }
        (Get-NodeUnit site-0004).AutonomyLevel | Should -Be 'L3'

        Remove-NodeUnit site-0000 -Wait -Confirm:$false
        $rerun = & $runbook -Name 'site-*' -WaveSize 3 -FailureBudget 1

        @($rerun | Where-Object Outcome -ne 'Promoted').Count | Should -Be 0
        $rerun.Name | Sort-Object | Should -Be @(1..6 | ForEach-Object { 'site-{0:D4}' -f $_ })
        @(Get-NodeUnit site-* | Where-Object KinsState -ne 'Ready').Count | Should -Be 0
    }

    It 'promotes every other unit when the budget allows the failure' {
        $results = & $runbook -Name 'site-*' -WaveSize 3 -FailureBudget 2

        @($results | Where-Object Outcome -eq 'Promoted').Count | Should -Be 6
        @($results | Where-Object Outcome -eq 'Failed').Count | Should -Be 1
        Get-NodeUnit site-0006 | ForEach-Object { $_.AutonomyLevel; $_.KinsState } | Should -Be @('L4', 'Ready')
    }

    It 'changes nothing with -WhatIf' {
        $null = & $runbook -Name 'site-*' -WaveSize 3 -FailureBudget 5 -WhatIf
        @(Get-NodeUnit -AutonomyLevel L4).Count | Should -Be 0
    }
}
