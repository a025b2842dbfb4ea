<#
.SYNOPSIS
    Decommissions sites safely: demotes any edge cluster first, then deletes the NodeUnits.
.DESCRIPTION
    Deleting an L4/L5 NodeUnit with kubectl leaves it stuck in Deleting. This runbook removes the
    selected units with Remove-NodeUnit -Force, which demotes each one to L3, waits for the teardown,
    deletes it and waits until the finalizer lets it go. It asks for confirmation once per unit unless
    -Confirm:$false is given, and emits one result per unit (Name, Outcome, Error).
.EXAMPLE
    ./Remove-Sites.ps1 -Name 'old-*' -Confirm:$false
.EXAMPLE
    ./Remove-Sites.ps1 -Name 'lab-01','lab-02' -WhatIf
#>
[CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')]
param(
    [Parameter(Mandatory)] [string[]] $Name,
    [TimeSpan] $Timeout = [TimeSpan]::FromMinutes(10),
    [string] $Kubeconfig,
    [string] $Context
)

$cluster = @{}
if ($Kubeconfig) { $cluster.Kubeconfig = $Kubeconfig }
if ($Context) { $cluster.Context = $Context }

$units = @(Get-NodeUnit -Name $Name @cluster)
# -Confirm:$false and -WhatIf given to this script reach Remove-NodeUnit through $ConfirmPreference and $WhatIfPreference.
$errors = $null
$removed = @($units | Remove-NodeUnit -Force -Wait -Timeout $Timeout -PassThru -ErrorAction SilentlyContinue -ErrorVariable errors)
foreach ($unit in $removed) { [pscustomobject]@{ Name = $unit.Name; Outcome = 'Removed'; Error = $null } }
foreach ($failure in $errors) {
    [pscustomobject]@{ Name = "$($failure.TargetObject)"; Outcome = 'Failed'; Error = $failure.FullyQualifiedErrorId.Split(',')[0] + ': ' + $failure.Exception.Message }
}
