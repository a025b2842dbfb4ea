<#
.SYNOPSIS
    Promotes a region's sites to an edge K3s cluster in a sliding wave, stopping when a failure budget is spent.
.DESCRIPTION
    Selects the region's NodeUnits (by name pattern and/or label selector) that are at L3 or already at the target
    level, and promotes them with one Set-NodeUnitAutonomy -Wait: at most -WaveSize units are changing at once (the
    next one starts as soon as one is Ready or failed), and once -FailureBudget units have failed no further unit is
    started, so a bad rollout cannot spread across the region. Units already changing are still waited for.
    Emits one result per unit (Name, Outcome, KinsState, Error) with Outcome Promoted, Failed or Skipped, so a script
    can act on the failures. Run it again after fixing them: units already at the level are left as they are (no
    write) and the rollout continues with the rest.
.EXAMPLE
    ./Invoke-WavePromotion.ps1 -Name 'eu-*' -WaveSize 20 -FailureBudget 3
.EXAMPLE
    ./Invoke-WavePromotion.ps1 -Selector 'region=apac' -Level L5 -WaveSize 10 -FailureBudget 1 -WhatIf
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [string[]] $Name = '*',
    [string] $Selector,
    [ValidateSet('L4', 'L5')] [string] $Level = 'L4',
    # Units changing at once (Set-NodeUnitAutonomy -MaxConcurrentChanges).
    [ValidateRange(1, 100000)] [int] $WaveSize = 25,
    # Stop starting units once this many failed (Set-NodeUnitAutonomy -FailureBudget).
    [ValidateRange(1, 100000)] [int] $FailureBudget = 1,
    [TimeSpan] $Timeout = [TimeSpan]::FromMinutes(10),
    [string] $Kubeconfig,
    [string] $Context
)

$cluster = @{}
if ($Kubeconfig) { $cluster.Kubeconfig = $Kubeconfig }
if ($Context) { $cluster.Context = $Context }
$query = @{ Name = $Name } + $cluster
if ($Selector) { $query.Selector = $Selector }

$units = @(Get-NodeUnit @query | Where-Object AutonomyLevel -in 'L3', $Level | Sort-Object Name)
$rollout = @{ Level = $Level; Wait = $true; Timeout = $Timeout; MaxConcurrentChanges = $WaveSize; FailureBudget = $FailureBudget }
$problems = $null
$units | Set-NodeUnitAutonomy @rollout -PassThru -ErrorAction SilentlyContinue -ErrorVariable problems | ForEach-Object {
    [pscustomobject]@{ Name = $_.Name; Outcome = 'Promoted'; KinsState = $_.KinsState; Error = $null }
}
foreach ($problem in $problems) {
    $id = $problem.FullyQualifiedErrorId.Split(',')[0]
    $unit = $units | Where-Object Name -eq "$($problem.TargetObject)" | Select-Object -First 1
    [pscustomobject]@{
        Name      = "$($problem.TargetObject)"
        Outcome   = if ($id -eq 'NodeUnitSkipped') { 'Skipped' } else { 'Failed' }
        KinsState = if ($id -eq 'NodeUnitSkipped' -and $unit) { $unit.KinsState } else { $null }
        Error     = "${id}: $($problem.Exception.Message)"
    }
}
