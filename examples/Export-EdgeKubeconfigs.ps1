<#
.SYNOPSIS
    Rotates the edge kubeconfigs of every promoted unit into a folder, one file per unit.
.DESCRIPTION
    Writes <Folder>/<unit>.kubeconfig for each unit whose edge cluster is Ready (owner-only, atomically,
    replacing the previous file), and removes files of units that no longer have an edge cluster, so the
    folder always mirrors what is promoted. Emits one result per file (Name, Action, Path).
.EXAMPLE
    ./Export-EdgeKubeconfigs.ps1 -Folder ~/kins-kubeconfigs
.EXAMPLE
    ./Export-EdgeKubeconfigs.ps1 -Folder ./edge -Name 'shop-*' -Context prod
#>
[CmdletBinding(SupportsShouldProcess)]
param(
    [Parameter(Mandatory)] [string] $Folder,
    [string[]] $Name = '*',
    [string] $Kubeconfig,
    [string] $Context
)

$cluster = @{}
if ($Kubeconfig) { $cluster.Kubeconfig = $Kubeconfig }
if ($Context) { $cluster.Context = $Context }
$null = New-Item -ItemType Directory -Force -Path $Folder
$folderPath = (Resolve-Path $Folder).Path

$ready = @(Get-NodeUnit -Name $Name @cluster | Where-Object { $_.AutonomyLevel -ne 'L3' -and $_.KinsState -eq 'Ready' })
foreach ($unit in $ready) {
    $path = Join-Path $folderPath "$($unit.Name).kubeconfig"
    if ($PSCmdlet.ShouldProcess($path, "Write the edge kubeconfig of $($unit.Name)")) {
        $file = $unit | Get-KinsKubeconfig -OutFile $path -Force
        if ($file) { [pscustomobject]@{ Name = $unit.Name; Action = 'Written'; Path = $path } }
    }
}

$keep = [Collections.Generic.HashSet[string]]::new([string[]] @($ready.Name))
foreach ($stale in Get-ChildItem $folderPath -Filter '*.kubeconfig' -File) {
    $unitName = $stale.BaseName
    if (-not $keep.Contains($unitName) -and $PSCmdlet.ShouldProcess($stale.FullName, 'Remove the kubeconfig of a unit without an edge cluster')) {
        Remove-Item $stale.FullName -Force
        [pscustomobject]@{ Name = $unitName; Action = 'Removed'; Path = $stale.FullName }
    }
}
