# The Bench task: speed and memory figures against the sandbox, with the targets of the issues beside them.
# Run it with: dotnet pwsh ./build.ps1 -Task Bench. Nothing here is asserted by the tests.
param(
    [int] $Sites = 1000,
    [int] $ListSites = 10000,
    # The kubectl baselines are linear per unit; they run on a sample and are scaled to $Sites.
    [int] $LoopSample = 40,
    [int] $XargsSample = 160
)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'Kins.psd1') -Force
$results = [System.Collections.Generic.List[object]]::new()

function Add-Figure([string] $Name, [double] $Value, [string] $Unit, [string] $Target) {
    $results.Add([pscustomobject]@{ Figure = $Name; Value = [Math]::Round($Value, 2); Unit = $Unit; Target = $Target })
    Write-Host ("{0,-58} {1,12:n2} {2,-6} {3}" -f $Name, $Value, $Unit, $Target)
}

function Get-RequestCount($Sandbox) {
    $handler = [System.Net.Http.HttpClientHandler]::new()
    $handler.ServerCertificateCustomValidationCallback = [System.Net.Http.HttpClientHandler]::DangerousAcceptAnyServerCertificateValidator
    $client = [System.Net.Http.HttpClient]::new($handler)
    try {
        $token = (Get-Content -Raw $Sandbox.Kubeconfig | Select-String -Pattern 'token:\s*(\S+)').Matches[0].Groups[1].Value
        $client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)
        $body = $client.GetStringAsync("$($Sandbox.Endpoint)/sandbox/metrics").GetAwaiter().GetResult() | ConvertFrom-Json
        return $body
    }
    finally { $client.Dispose(); $handler.Dispose() }
}

function Measure-Kubectl([string] $Kubeconfig, [string[]] $Units, [int] $Parallel) {
    # What an operator does without Kins: kubectl patch, then kubectl wait, per site.
    $script = Join-Path ([IO.Path]::GetTempPath()) "kins-bench-$PID.sh"
    @'
#!/usr/bin/env bash
set -e
unit="$1"
kubectl --kubeconfig "$KCFG" patch nu "$unit" --type merge -p '{"spec":{"autonomyLevel":"L4"}}' >/dev/null
kubectl --kubeconfig "$KCFG" wait --for=jsonpath='{.spec.unitCredentialConfigMapRef.name}'="$unit-cm-kins" "nu/$unit" --timeout=300s >/dev/null
'@ | Set-Content $script
    $env:KCFG = $Kubeconfig
    $list = Join-Path ([IO.Path]::GetTempPath()) "kins-bench-$PID.txt"
    $Units | Set-Content $list
    $elapsed = Measure-Command {
        if ($Parallel -le 1) { & bash -c "while read -r u; do bash '$script' `"`$u`"; done < '$list'" }
        else { & bash -c "xargs -P $Parallel -n 1 bash '$script' < '$list'" }
    }
    Remove-Item $script, $list -ErrorAction Ignore
    return $elapsed
}

$sandbox = $null
try {
    Write-Host "`n# Import-Module (fresh process)"
    $command = [Environment]::ProcessPath
    [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($command) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
    $importMs = & $command @prefix -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$(Join-Path $root 'Kins.psd1')' }).TotalMilliseconds"
    Add-Figure 'Import-Module' ([double] $importMs) 'ms' '< 500 ms'

    Write-Host "`n# Sandbox with $Sites sites of 3 nodes"
    $start = Measure-Command { $sandbox = Start-KinsSandbox -Sites $Sites -ReadyDelay 0 }
    Add-Figure "Start sandbox ($Sites sites x 3 nodes)" $start.TotalSeconds 's' '< 10 s'
    $env:KUBECONFIG = $sandbox.Kubeconfig
    $null = Get-NodeUnit test
    $list = Measure-Command { $null = & kubectl get --raw /apis/site.superedge.io/v1alpha2/nodeunits }
    Add-Figure "List $($Sites + 1) NodeUnits (kubectl get --raw, incl. kubectl start)" $list.TotalMilliseconds 'ms' '< 200 ms'
    $list = Measure-Command { $null = Get-NodeUnit }
    Add-Figure "Get-NodeUnit, $($Sites + 1) units observed" $list.TotalMilliseconds 'ms' ''

    Write-Host "`n# Promote $Sites sites with Kins (-Wait, ThrottleLimit 64)"
    $before = Get-RequestCount $sandbox
    $kinsUnits = @(1..$Sites | ForEach-Object { 'site-{0:d4}' -f $_ })
    $kins = Measure-Command { $promoted = @($kinsUnits | Set-NodeUnitAutonomy -Level L4 -Wait -ThrottleLimit 64 -PassThru) }
    $after = Get-RequestCount $sandbox
    Add-Figure "Kins: promote $Sites sites and wait until Ready" $kins.TotalSeconds 's' '< 30 s (all pods Ready)'
    Add-Figure 'Kins: units Ready' @($promoted | Where-Object KinsState -eq 'Ready').Count 'units' "$Sites"
    $perUnit = ($after.requests - $before.requests - ($after.lists - $before.lists) - ($after.watches - $before.watches)) / $Sites
    Add-Figure 'Kins: API requests per unit (excluding lists and watches)' $perUnit 'req' '<= 2'
    Add-Figure 'Kins: list + watch requests for the whole batch' (($after.lists - $before.lists) + ($after.watches - $before.watches)) 'req' 'constant'
    Add-Figure 'pwsh peak working set' ((Get-Process -Id $PID).PeakWorkingSet64 / 1MB) 'MB' '< 500 MB'
    Add-Figure 'Sandbox peak working set' ((Get-Process -Id $sandbox.ProcessId).PeakWorkingSet64 / 1MB) 'MB' '< 600 MB'
    Stop-KinsSandbox -ProcessId $sandbox.ProcessId -Confirm:$false
    $sandbox = $null

    Write-Host "`n# The same without Kins (samples, scaled per unit to $Sites sites)"
    $sandbox = Start-KinsSandbox -Sites ($LoopSample + $XargsSample) -ReadyDelay 0
    $loopUnits = @(1..$LoopSample | ForEach-Object { 'site-{0:d4}' -f $_ })
    $xargsUnits = @(($LoopSample + 1)..($LoopSample + $XargsSample) | ForEach-Object { 'site-{0:d4}' -f $_ })
    $loop = Measure-Kubectl $sandbox.Kubeconfig $loopUnits 1
    $xargs = Measure-Kubectl $sandbox.Kubeconfig $xargsUnits 16
    $loopFull = $loop.TotalSeconds / $LoopSample * $Sites
    $xargsFull = $xargs.TotalSeconds / $XargsSample * $Sites
    Add-Figure "bash loop: $LoopSample sites measured" $loop.TotalSeconds 's' ''
    Add-Figure "bash loop: scaled to $Sites sites" $loopFull 's' ''
    Add-Figure "xargs -P 16: $XargsSample sites measured" $xargs.TotalSeconds 's' ''
    Add-Figure "xargs -P 16: scaled to $Sites sites" $xargsFull 's' ''
    Add-Figure 'Kins speed-up over the bash loop' ($loopFull / $kins.TotalSeconds) 'x' '>= 30x'
    Add-Figure 'Kins speed-up over xargs -P 16' ($xargsFull / $kins.TotalSeconds) 'x' '>= 3x'
    Stop-KinsSandbox -ProcessId $sandbox.ProcessId -Confirm:$false
    $sandbox = $null

    Write-Host "`n# Get-NodeUnit over $ListSites units"
    $start = Measure-Command { $sandbox = Start-KinsSandbox -Sites $ListSites -NodesPerSite 1 -ReadyDelay 0 }
    Add-Figure "Start sandbox ($ListSites sites x 1 node)" $start.TotalSeconds 's' ''
    $env:KUBECONFIG = $sandbox.Kubeconfig
    # site-manager takes over every new unit after start (finalizer, status); measure the steady state after that.
    $last = 'site-{0:d4}' -f $ListSites
    while (-not (Get-NodeUnit $last).ReadyRate) { Start-Sleep -Milliseconds 200 }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $first = $null
    $count = 0
    Get-NodeUnit | ForEach-Object { if ($null -eq $first) { $first = $clock.Elapsed }; $count++ }
    $all = $clock.Elapsed
    Add-Figure "Get-NodeUnit: first of $count units out" $first.TotalSeconds 's' '< 0.5 s'
    Add-Figure "Get-NodeUnit: all $count units out" $all.TotalSeconds 's' '< 3 s'
    Add-Figure 'pwsh peak working set' ((Get-Process -Id $PID).PeakWorkingSet64 / 1MB) 'MB' '< 400 MB (this process also ran the batch above)'
}
finally {
    if ($sandbox) { Stop-KinsSandbox -ProcessId $sandbox.ProcessId -Confirm:$false }
}
Write-Host ''
$results | Format-Table -AutoSize -Wrap | Out-String -Width 160 | Write-Host
