# Shared setup for the Pester suite: the module under test and sandboxes on 127.0.0.1.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-KinsRepoRoot { $script:RepoRoot }

function Import-KinsModule {
    Import-Module (Join-Path $script:RepoRoot 'Kins.psd1') -Force -ErrorAction Stop
}

Export-ModuleMember -Function Get-KinsRepoRoot, Import-KinsModule
