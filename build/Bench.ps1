# The Bench task: promotion times against the sandbox, each figure on a fresh sandbox of its own in the same run,
# printed with its target, its ratio and whether the target is met. Run it with: dotnet pwsh ./build.ps1 -Task Bench.
# Nothing here is asserted by the tests.
param(
    [int] $Sites = 1000,
    [int] $ManySites = 10000,
    [int] $FaultSites = 200,
    # The kubectl script patches one unit per kubectl process. It runs on every unit by default: a sample run on an
    # idle sandbox and scaled up measured each kubectl call without the load of the units already promoted, which the
    # real loop meets. A number (e.g. 50) runs that many and scales the loop to $Sites, for a quick look.
    [int] $KubectlSample = 0,
    [TimeSpan] $ReadyDelayMin = '00:00:20',
    [TimeSpan] $ReadyDelayMax = '00:00:40',
    # Which groups of figures to measure (all by default): Slow (20-40 s start-up), Fast (ReadyDelay 0), Many
    # (10,000 sites in one pipeline), Faults (issue 12's table).
    # (-File passes one string: "Slow,Fast" is split here.)
    [string[]] $Section = @('Slow', 'Fast', 'Many', 'Faults')
)
$ErrorActionPreference = 'Stop'
$Section = @($Section -split ',' | ForEach-Object Trim)
$unknown = @($Section | Where-Object { $_ -notin 'Slow', 'Fast', 'Many', 'Faults' })
if ($unknown) { throw "Unknown -Section $($unknown -join ', '): use Slow, Fast, Many or Faults." }
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'Kins.psd1') -Force
Import-Module (Join-Path $PSScriptRoot 'SandboxTools.psm1') -Force
Add-Type -Path (Join-Path $PSScriptRoot 'BenchIdealClient.cs')
$results = [System.Collections.Generic.List[object]]::new()

function Add-Figure([string] $Name, [double] $Value, [string] $Unit, [string] $Target = '', $Met = $null) {
    $verdict = if ($null -eq $Met) { '' } elseif ($Met) { 'met' } else { 'NOT MET' }
    $results.Add([pscustomobject]@{ Figure = $Name; Value = [Math]::Round($Value, 2); Unit = $Unit; Target = $Target; Verdict = $verdict })
    Write-Host ("{0,-62} {1,10:n2} {2,-5} {3,-22} {4}" -f $Name, $Value, $Unit, $Target, $verdict)
}

function Use-Sandbox([hashtable] $Parameters, [scriptblock] $Body) {
    # A fresh sandbox for one figure, stopped afterwards whatever happens.
    $sandbox = Start-KinsSandbox @Parameters
    $saved = $env:KUBECONFIG
    $env:KUBECONFIG = $sandbox.Kubeconfig
    try { & $Body $sandbox }
    finally {
        $env:KUBECONFIG = $saved
        Stop-KinsSandbox -ProcessId $sandbox.ProcessId -Confirm:$false
    }
}

function Measure-KinsDefault([hashtable] $SandboxParameters, [int] $Count) {
    Use-Sandbox $SandboxParameters {
        param($sandbox)
        $units = Get-SiteNames $Count
        # A unit's error is reported, not fatal: the figure is the batch's time and how many units made it.
        $time = Measure-Command { $done = @($units | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru -ErrorAction SilentlyContinue -ErrorVariable failed -WarningAction SilentlyContinue) }
        $ready = @($done | Where-Object KinsState -eq 'Ready').Count
        if ($ready -ne $Count) { Write-Warning "Kins: only $ready of $Count units Ready; $(@($failed).Count) errors, the first: $(@($failed)[0])" }
        $metrics = Get-SandboxMetrics $sandbox
        [pscustomobject]@{ Seconds = $time.TotalSeconds; Ready = $ready; Metrics = $metrics }
    }
}

function Measure-IdealClient([hashtable] $SandboxParameters, [int] $Count) {
    Use-Sandbox $SandboxParameters {
        param($sandbox)
        [KinsBenchIdealClient]::Promote($sandbox.Endpoint, (Get-SandboxToken $sandbox), [string[]] (Get-SiteNames $Count), 64)
    }
}

function Measure-KubectlScript([hashtable] $SandboxParameters, [int] $Sample, [int] $ScaleTo) {
    # What an operator writes without Kins: kubectl patch each unit in a bash loop, then one kubectl wait for all
    # (each unit's server StatefulSet reporting its pod Ready). The loop is linear in units and is scaled; the wait
    # after the loop (the last units' start-up) is not.
    Use-Sandbox $SandboxParameters {
        param($sandbox)
        $list = Join-Path ([IO.Path]::GetTempPath()) "kins-bench-$PID.txt"
        $script = Join-Path ([IO.Path]::GetTempPath()) "kins-bench-$PID.sh"
        Get-SiteNames $Sample | Set-Content $list
        @'
#!/usr/bin/env bash
set -euo pipefail
start=$(date +%s.%N)
while read -r unit; do
  kubectl patch nu "$unit" --type merge -p '{"spec":{"autonomyLevel":"L4"}}' >/dev/null
done < "$1"
patched=$(date +%s.%N)
kubectl wait -n kins-system --for=jsonpath='{.status.readyReplicas}'=1 --timeout=600s $(sed 's|.*|statefulset/&-server-kins|' "$1") >/dev/null
done=$(date +%s.%N)
echo "$start $patched $done"
'@ | Set-Content $script
        try {
            $times = (& bash $script $list) -split ' ' | ForEach-Object { [double]::Parse($_, [cultureinfo]::InvariantCulture) }
            if ($LASTEXITCODE -ne 0) { throw "The kubectl script failed ($LASTEXITCODE)." }
        }
        finally { Remove-Item $script, $list -ErrorAction Ignore }
        $loop = $times[1] - $times[0]
        $wait = $times[2] - $times[1]
        [pscustomobject]@{ Loop = $loop; Wait = $wait; Measured = $loop + $wait; Scaled = $loop / $Sample * $ScaleTo + $wait }
    }
}

function Invoke-PromotionComparison([string] $Title, [hashtable] $SandboxParameters) {
    Write-Host "`n# $Title"
    $kins = Measure-KinsDefault $SandboxParameters $Sites
    Add-Figure "Kins defaults: $Sites units to L4 -Wait" $kins.Seconds 's'
    Add-Figure 'Kins: units Ready' $kins.Ready 'units' "$Sites" ($kins.Ready -eq $Sites)
    $perUnit = ($kins.Metrics.requests - $kins.Metrics.lists - $kins.Metrics.watches) / $Sites
    Add-Figure 'Kins: API requests per unit (besides lists and watches)' $perUnit 'req' '<= 2' ($perUnit -le 2)
    $ideal = Measure-IdealClient $SandboxParameters $Sites
    Add-Figure "Ideal client (64 patches in flight, one watch)" $ideal 's'
    $ratio = $kins.Seconds / $ideal
    Add-Figure 'Kins / ideal client' $ratio 'x' '<= 1.1x' ($ratio -le 1.1)
    $sample = if ($KubectlSample -gt 0) { [Math]::Min($KubectlSample, $Sites) } else { $Sites }
    $kubectl = Measure-KubectlScript $SandboxParameters $sample $Sites
    Add-Figure "kubectl script: $sample units measured (loop + wait)" $kubectl.Measured 's'
    Add-Figure "kubectl script: the patch loop ($sample kubectl processes)" $kubectl.Loop 's'
    Add-Figure 'kubectl script: the kubectl wait after it' $kubectl.Wait 's'
    if ($sample -lt $Sites) { Add-Figure "kubectl script: scaled to $Sites units" $kubectl.Scaled 's' }
    [pscustomobject]@{ Kins = $kins.Seconds; Ideal = $ideal; Kubectl = $kubectl.Scaled }
}

Write-Host "`n# Import-Module (fresh process)"
$command = [Environment]::ProcessPath
[string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($command) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
$importMs = & $command @prefix -NoProfile -NonInteractive -Command "(Measure-Command { Import-Module '$(Join-Path $root 'Kins.psd1')' }).TotalMilliseconds"
Add-Figure 'Import-Module' ([double] $importMs) 'ms' '< 500 ms' ([double] $importMs -lt 500)

# (a) Real start-up times: each edge cluster's pods turn Ready between 20 and 40 s after they are created.
if ($Section -contains 'Slow') {
    $spread = "$([int]$ReadyDelayMin.TotalSeconds)-$([int]$ReadyDelayMax.TotalSeconds) s"
    $slow = Invoke-PromotionComparison "$Sites sites, pods Ready $spread after creation" @{ Sites = $Sites; ReadyDelay = $ReadyDelayMin; ReadyDelayMax = $ReadyDelayMax }
    $speedup = $slow.Kubectl / $slow.Kins
    Add-Figure "Kins speed-up over the kubectl script ($spread)" $speedup 'x' '>= 5x' ($speedup -ge 5)
}

# (b) The same with clusters that are up at once.
if ($Section -contains 'Fast') {
    $fast = Invoke-PromotionComparison "$Sites sites, pods Ready at once (ReadyDelay 0)" @{ Sites = $Sites; ReadyDelay = [TimeSpan]::Zero }
    Add-Figure 'Kins speed-up over the kubectl script (ReadyDelay 0)' ($fast.Kubectl / $fast.Kins) 'x'
}

# (c) One pipeline of 10,000 units, in a pwsh of its own so that its peak memory is the pipeline's.
if ($Section -contains 'Many') {
    Write-Host "`n# $ManySites sites in one pipeline (-Wait, ReadyDelay 0), in a fresh pwsh"
    Use-Sandbox @{ Sites = $ManySites; NodesPerSite = 1; ReadyDelay = [TimeSpan]::Zero } {
        param($sandbox)
        $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $root 'Kins.psd1')'
`$units = @(1..$ManySites | ForEach-Object { 'site-{0:d4}' -f `$_ })
`$ready = 0
`$time = Measure-Command { `$units | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru | ForEach-Object { if (`$_.KinsState -eq 'Ready') { `$ready++ } } }
'{0} {1} {2}' -f `$time.TotalSeconds.ToString([cultureinfo]::InvariantCulture), `$ready, (Get-Process -Id `$PID).PeakWorkingSet64
"@
        $out = (& $command @prefix -NoProfile -NonInteractive -Command $child) -split ' '
        $seconds = [double]::Parse($out[0], [cultureinfo]::InvariantCulture)
        Add-Figure "Kins: $ManySites units to L4 -Wait, one pipeline" $seconds 's'
        Add-Figure 'Kins: units Ready' ([int] $out[1]) 'units' "$ManySites" ([int] $out[1] -eq $ManySites)
        $peak = [double] $out[2] / 1MB
        Add-Figure 'pwsh peak working set (that pipeline''s process)' $peak 'MB' '< 500 MB' ($peak -lt 500)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $count = @(Get-NodeUnit).Count
        Add-Figure "Get-NodeUnit: all $count units observed" $clock.Elapsed.TotalSeconds 's' '< 3 s' ($clock.Elapsed.TotalSeconds -lt 3)
    }
}

# (d) Issue 12's fault table replayed (build/FaultReplay.ps1): each row on a fresh sandbox, its targets as figures.
if ($Section -contains 'Faults') {
    $null = & (Join-Path $PSScriptRoot 'FaultReplay.ps1') -Sites $FaultSites -AddFigure ${function:Add-Figure}
}

Write-Host ''
$results | Format-Table -AutoSize -Wrap | Out-String -Width 160 | Write-Host
