BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
    $script:runbook = Join-Path $PSScriptRoot 'Invoke-WavePromotion.ps1'
}

Describe 'Invoke-WavePromotion runbook' {
    BeforeEach {
        $script:sandbox = Start-TestSandbox -Sites 6
        # A unit whose nodes do not exist cannot be promoted; it sorts first, so it fails in wave 1.
        $null = New-NodeUnit -Name site-0000 -Node ghost-1 -Wait
    }
    AfterEach { Stop-TestSandbox $sandbox }

    It 'stops starting waves once the failure budget is spent' {
        $results = & $runbook -Name 'site-*' -WaveSize 3 -FailureBudget 0

        $failed = @($results | Where-Object Outcome -eq 'Failed')
        $failed.Name | Should -Be 'site-0000'
        $failed.Error | Should -Match '^InsufficientReadyNodes'
        @($results | Where-Object Outcome -eq 'Promoted').Name | Sort-Object | Should -Be @('site-0001', 'site-0002')
        @($results | Where-Object Outcome -eq 'Skipped').Count | Should -Be 4
        (Get-NodeUnit site-0004).AutonomyLevel | Should -Be 'L3'
    }

    It 'promotes every other unit when the budget allows the failure' {
        $results = & $runbook -Name 'site-*' -WaveSize 3 -FailureBudget 1

        @($results | Where-Object Outcome -eq 'Promoted').Count | Should -Be 6
        @($results | Where-Object Outcome -eq 'Failed').Count | Should -Be 1
        Get-NodeUnit site-0006 | ForEach-Object { $_.AutonomyLevel; $_.KinsState } | Should -Be @('L4', 'Ready')
    }

    It 'changes nothing with -WhatIf' {
        $null = & $runbook -Name 'site-*' -WaveSize 3 -FailureBudget 5 -WhatIf
        @(Get-NodeUnit -AutonomyLevel L4).Count | Should -Be 0
    }
}
