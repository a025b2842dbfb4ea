#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages Kins.
.DESCRIPTION
    One entry point for every task. Run it with the PowerShell that `dotnet tool restore` installs:
        dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
    Build publishes the module into module/bin so that `Import-Module ./Kins.psd1` works from the repo root.
.PARAMETER Task
    Build (default), Test, Demo, Bench, Package or Clean.
.PARAMETER Configuration
    The .NET build configuration (Release by default; warnings are errors there).
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$artifacts = Join-Path $root 'artifacts'
$moduleBin = Join-Path $root 'module/bin'
. (Join-Path $root 'build/BuildHelpers.ps1')

function Invoke-Build {
    Write-Step "Building Kins ($Configuration)"
    Invoke-Native dotnet build (Join-Path $root 'Kins.sln') -c $Configuration --nologo --verbosity minimal
    Publish-Module -Root $root -Configuration $Configuration -ModuleBin $moduleBin -Artifacts $artifacts
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $artifacts 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Path $results
    Assert-Kubectl

    $totals = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0 }
    $failures = [System.Collections.Generic.List[string]]::new()
    foreach ($project in Get-ChildItem (Join-Path $root 'tests') -Filter '*.Tests.csproj' -Recurse) {
        Write-Step "xunit: $($project.BaseName)"
        $trx = "$($project.BaseName).trx"
        & dotnet test $project.FullName -c $Configuration --no-build --nologo `
            --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' --results-directory $results | Out-Host
        $counts = Read-TrxCounts (Join-Path $results $trx)
        if ($LASTEXITCODE -ne 0 -and $counts.Failed -eq 0) {
            # The runner failed without reporting a failed test (crash, build break): count it as one failure.
            $counts.Failed = 1
            $counts.FailedNames = @("$($project.BaseName): dotnet test exited with $LASTEXITCODE without a failed test (test host crash?)")
        }
        foreach ($key in @($totals.Keys)) { $totals[$key] += $counts[$key] }
        $failures.AddRange([string[]] @($counts.FailedNames))
    }

    Write-Step 'API clients (issue 13 replays)'
    try { & (Join-Path $root 'build/Install-ApiClients.ps1') | Out-Host }
    catch { Write-Warning "API clients not available; tests/pester/ApiClients.Tests.ps1 will fail: $_" }

    Write-Step 'Pester'
    $pester = Invoke-PesterSuite -Root $root -ResultFile (Join-Path $results 'pester.json')
    foreach ($key in @($totals.Keys)) { $totals[$key] += $pester[$key] }
    $failures.AddRange([string[]] @($pester.FailedNames))

    # The last line is exactly "N passed, N failed" (what CI reads); skipped tests are counted on the line before.
    foreach ($failure in $failures) { Write-Host "FAILED $failure" }
    if ($totals.Skipped -gt 0) { Write-Host "$($totals.Skipped) skipped" }
    Write-Host "$($totals.Passed) passed, $($totals.Failed) failed"
    if ($totals.Failed -gt 0 -or $totals.Passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Write-Step 'Demo'
    Invoke-ChildPwsh -File (Join-Path $root 'build/Demo.ps1')
}

function Invoke-Bench {
    Invoke-Build
    Write-Step 'Bench'
    Invoke-ChildPwsh -File (Join-Path $root 'build/Bench.ps1')
}

function Invoke-Package {
    Invoke-Build
    Write-Step 'Package'
    Export-ModulePackage -Root $root -Output (Join-Path $root 'out')
}

function Invoke-Clean {
    Write-Step 'Clean'
    foreach ($path in @($moduleBin, $artifacts, (Join-Path $root 'out'), (Join-Path $root 'en-US/Kins.PowerShell.dll-Help.xml'))) {
        Remove-Item $path -Recurse -Force -ErrorAction Ignore
    }
    Invoke-Native dotnet clean (Join-Path $root 'Kins.sln') -c $Configuration --nologo --verbosity quiet
}

Push-Location $root
try {
    & "Invoke-$Task"
}
finally {
    Pop-Location
}
