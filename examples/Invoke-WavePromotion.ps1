<#
.SYNOPSIS
    Promotes a region's sites to an edge K3s cluster in waves, stopping when a failure budget is spent.
.DESCRIPTION
    Selects the region's L3 NodeUnits (by name pattern and/or label selector), promotes them wave by wave
    with Set-NodeUnitAutonomy -Wait, and counts the units that failed. When more than -FailureBudget units
    have failed, the remaining waves are not started, so a bad rollout cannot spread across the region.
    Emits one result per unit (Name, Wave, Outcome, KinsState, Error) so a script can act on the failures.
.EXAMPLE
    ./Invoke-WavePromotion.ps1 -Name 'eu-*' -WaveSize 20 -FailureBudget 2
.EXAMPLE
    ./Invoke-WavePromotion.ps1 -Selector 'region=apac' -Level L5 -WaveSize 10 -FailureBudget 0 -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string[]] $Name = '*',
    [string] $Selector,
    [ValidateSet('L4', 'L5')] [string] $Level = 'L4',
    [ValidateRange(1, 10000)] [int] $WaveSize = 25,
    [ValidateRange(0, 100000)] [int] $FailureBudget = 0,
    [TimeSpan] $Timeout = [TimeSpan]::FromMinutes(10),
    [string] $Kubeconfig,
    [string] $Context
)

$cluster = @{}
if ($Kubeconfig) { $cluster.Kubeconfig = $Kubeconfig }
if ($Context) { $cluster.Context = $Context }
$query = @{ Name = $Name; AutonomyLevel = 'L3' } + $cluster
if ($Selector) { $query.Selector = $Selector }

$units = @(Get-NodeUnit @query)
$failures = 0
$waves = [Math]::Ceiling($units.Count / $WaveSize)
for ($wave = 0; $wave -lt $waves; $wave++) {
    $batch = $units[($wave * $WaveSize)..([Math]::Min($units.Count, ($wave + 1) * $WaveSize) - 1)]
    if ($failures -gt $FailureBudget) {
        foreach ($unit in $batch) {
            [pscustomobject]@{ Name = $unit.Name; Wave = $wave + 1; Outcome = 'Skipped'; KinsState = $unit.KinsState; Error = 'Failure budget spent' }
        }
        continue
    }
    Write-Verbose "Wave $($wave + 1) of ${waves}: $($batch.Count) units"
    $errors = $null
    $done = @($batch | Set-NodeUnitAutonomy -Level $Level -Wait -Timeout $Timeout -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors)
    foreach ($unit in $done) {
        [pscustomobject]@{ Name = $unit.Name; Wave = $wave + 1; Outcome = 'Promoted'; KinsState = $unit.KinsState; Error = $null }
    }
    foreach ($failure in $errors) {
        $failures++
        [pscustomobject]@{ Name = "$($failure.TargetObject)"; Wave = $wave + 1; Outcome = 'Failed'; KinsState = $null; Error = $failure.FullyQualifiedErrorId.Split(',')[0] + ': ' + $failure.Exception.Message }
    }
}
