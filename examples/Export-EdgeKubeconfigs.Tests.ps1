BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
    $script:runbook = Join-Path $PSScriptRoot 'Export-EdgeKubeconfigs.ps1'
    $script:sandbox = Start-TestSandbox -Sites 3
    Get-NodeUnit site-0001, site-0002 | Set-NodeUnitAutonomy -Level L4 -Wait
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Export-EdgeKubeconfigs runbook' {
    It 'writes one owner-only kubeconfig per ready unit and removes stale ones' {
        $folder = Join-Path $TestDrive 'edge'
        $null = New-Item -ItemType Directory $folder
        Set-Content (Join-Path $folder 'site-0099.kubeconfig') 'stale'

        $results = & $runbook -Folder $folder

        @($results | Where-Object Action -eq 'Written').Name | Sort-Object | Should -Be @('site-0001', 'site-0002')
        @($results | Where-Object Action -eq 'Removed').Name | Should -Be 'site-0099'
        (Get-ChildItem $folder -Filter *.kubeconfig).Name | Sort-Object | Should -Be @('site-0001.kubeconfig', 'site-0002.kubeconfig')
        if (-not $IsWindows) {
            (Get-Item (Join-Path $folder 'site-0001.kubeconfig')).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        }
        Get-Content -Raw (Join-Path $folder 'site-0001.kubeconfig') | Should -Match 'token:'
    }

    It 'drops the file of a unit that was demoted since the last rotation' {
        $folder = Join-Path $TestDrive 'rotate'
        $null = & $runbook -Folder $folder
        Set-NodeUnitAutonomy site-0002 -Level L3 -Force -Wait

        $results = & $runbook -Folder $folder

        @($results | Where-Object Action -eq 'Removed').Name | Should -Be 'site-0002'
        (Get-ChildItem $folder -Filter *.kubeconfig).Name | Should -Be 'site-0001.kubeconfig'
    }
}
