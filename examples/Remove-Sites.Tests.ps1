BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
    $script:runbook = Join-Path $PSScriptRoot 'Remove-Sites.ps1'
}

Describe 'Remove-Sites runbook' {
    BeforeEach {
        $script:sandbox = Start-TestSandbox -Sites 3
        Set-NodeUnitAutonomy site-0001 -Level L4 -Wait
    }
    AfterEach { Stop-TestSandbox $sandbox }

    It 'demotes a promoted unit, then removes it and an L3 unit, leaving the rest' {
        $results = & $runbook -Name site-0001, site-0002 -Confirm:$false

        @($results | Where-Object Outcome -eq 'Removed').Name | Sort-Object | Should -Be @('site-0001', 'site-0002')
        Get-NodeUnit site-0001 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        (Get-NodeUnit site-0003).Name | Should -Be 'site-0003'
        (Invoke-Kubectl get pods -n kins-system -l 'site-0001=nodeunits.superedge.io' -o name).Output | Should -BeNullOrEmpty
    }

    It 'removes nothing with -WhatIf' {
        $null = & $runbook -Name site-0001, site-0002 -WhatIf
        @(Get-NodeUnit site-0001, site-0002).Count | Should -Be 2
        (Get-NodeUnit site-0001).AutonomyLevel | Should -Be 'L4'
    }
}
