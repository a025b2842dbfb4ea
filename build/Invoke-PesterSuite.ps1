# Runs the Pester suite (tests/pester and examples/) in this process and writes its counts as JSON.
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $Root,
    [Parameter(Mandatory)] [string] $ResultFile
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force

$paths = @((Join-Path $Root 'tests/pester'), (Join-Path $Root 'examples')) | Where-Object { Test-Path $_ }
$configuration = New-PesterConfiguration
$configuration.Run.Path = $paths
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.Output.CIFormat = 'None'
$result = Invoke-Pester -Configuration $configuration

[ordered]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Skipped = $result.SkippedCount + $result.NotRunCount
    FailedNames = @(@($result.Failed) + @($result.FailedBlocks) + @($result.FailedContainers) | Where-Object { $_ } | ForEach-Object {
        $name = if ($_.PSObject.Properties['ExpandedPath']) { $_.ExpandedPath } else { "$($_.Item)" }
        $message = if ($_.ErrorRecord) { "$(@($_.ErrorRecord)[0])" -split "`n" | Select-Object -First 1 } else { '' }
        "${name}: $message"
    })
} | ConvertTo-Json | Set-Content -Path $ResultFile
exit ([int]($result.Result -ne 'Passed'))
