# The Demo task: the feature article's whole story, told with Kins cmdlets against a local sandbox.
# Run it with: dotnet tool restore && dotnet pwsh ./build.ps1 -Task Demo
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'Continue'
$root = Split-Path $PSScriptRoot -Parent
Import-Module (Join-Path $root 'Kins.psd1') -Force

# Everything the demo prints fits 80 columns: narration, warnings and errors are wrapped at word boundaries.
function Format-Wrapped([string] $Text, [string] $First = '', [string] $Next = '  ', [int] $Width = 80) {
    $lines = [System.Collections.Generic.List[string]]::new()
    $line = $First
    $empty = $true
    foreach ($word in ($Text -split '\s+' | Where-Object { $_ })) {
        if (-not $empty -and $line.Length + 1 + $word.Length -gt $Width) { $lines.Add($line); $line = $Next + $word }
        elseif ($empty) { $line += $word }
        else { $line += " $word" }
        $empty = $false
    }
    $lines.Add($line)
    $lines -join "`n"
}
function Say([string] $Text) { Write-Host ("`n" + (Format-Wrapped $Text -First '# ' -Next '# ')) -ForegroundColor Green }
function Note([string] $Text) { Write-Host (Format-Wrapped $Text) -ForegroundColor DarkYellow }
function Show([string] $Command) {
    Write-Host (Format-Wrapped $Command -First 'PS> ' -Next '      ') -ForegroundColor Yellow
    $records = & { Invoke-Expression $Command } 3>&1
    foreach ($warning in $records | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }) {
        Write-Host (Format-Wrapped $warning.Message -First 'WARNING: ') -ForegroundColor DarkYellow
    }
    $objects = @($records | Where-Object { $_ -isnot [System.Management.Automation.WarningRecord] })
    if ($objects.Count -and -not ($objects | Where-Object { $_ -isnot [string] })) {
        # Plain text (kubectl's lines, a message): wrapped at words, not cut inside them as Out-String does.
        $objects | ForEach-Object { Write-Host (Format-Wrapped $_ -Next '') }
        return
    }
    $output = $objects | Out-String -Width 80
    if ($output.Trim()) { Write-Host $output.TrimEnd() }
}

$work = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "kins-demo-$PID") -Force
$savedKubeconfig = $env:KUBECONFIG
$sandbox = $null
try {
    Say 'Start a local SuperEdge control plane: the article''s world (master, edge1..edge3, NodeUnit test) plus 50 sites.'
    # A short node-monitor grace period (40 s on a real cluster) keeps the site-cut part of the story brisk.
    $sandbox = Start-KinsSandbox -Sites 50 -ReadyDelay ([TimeSpan]::FromMilliseconds(300)) -NodeMonitorGracePeriod ([TimeSpan]::FromSeconds(5))
    $env:KUBECONFIG = $sandbox.Kubeconfig
    $sandbox | Format-List | Out-String -Width 80 | Write-Host

    Say 'List the NodeUnits (kubectl get nu, with the level and the edge cluster''s state).'
    Show 'Get-NodeUnit test, site-000*'

    Say 'Promote test to L4: SuperEdge provisions a single-master K3s cluster on its nodes. -Wait watches until it is Ready.'
    Show 'Set-NodeUnitAutonomy test -Level L4 -Wait -PassThru'
    Show 'kubectl get nu test'
    Show 'kubectl get pods -n kins-system'

    Say 'Fetch the edge kubeconfig (the article''s kubectl get cm test-cm-kins -o=jsonpath=...) and use it from "inside the unit".'
    $edgeFile = Join-Path $work 'test.kubeconfig'
    Show "Get-KinsKubeconfig test -OutFile '$edgeFile'"
    Show "kubectl --kubeconfig '$edgeFile' get nodes"

    Say 'Build the cloud-side kubeconfig that goes through tunnel-cloud''s http-proxy, and use it.'
    $cloudFile = Join-Path $work 'cloud.kubeconfig'
    Show "New-KinsProxyKubeconfig test -OutFile '$cloudFile' -WarningAction Continue"
    Show "kubectl --kubeconfig '$cloudFile' get nodes"

    Say 'The article''s promise: cut the link to the cloud, and the edge cluster keeps serving on its own.'
    Show '$sandbox | Set-KinsSandbox -CloudLink Offline'
    Show "kubectl --kubeconfig '$edgeFile' get nodes"
    Write-Host 'PS> Get-NodeUnit test' -ForegroundColor Yellow
    try { Get-NodeUnit test } catch { Note "$($_.FullyQualifiedErrorId.Split(',')[0]): $($_.Exception.Message)" }
    Show '$sandbox | Set-KinsSandbox -CloudLink Online'

    Say 'Remove-NodeUnit refuses an L4 unit (deleting it would leave it stuck in Deleting):'
    Write-Host 'PS> Remove-NodeUnit test' -ForegroundColor Yellow
    Remove-NodeUnit test -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused
    foreach ($failure in $refused) {
        Note "$($failure.FullyQualifiedErrorId.Split(',')[0]): $($failure.Exception.Message)"
        Note "$($failure.ErrorDetails.RecommendedAction)"
    }

    Say 'Demote test to L3 (its K3s cluster is destroyed), then remove it.'
    Show 'Set-NodeUnitAutonomy test -Level L3 -Force -Wait -PassThru'
    Show 'Remove-NodeUnit test -Confirm:$false -Wait; Get-NodeUnit test -ErrorAction SilentlyContinue'

    Say 'Now the reason Kins exists: promote 50 sites from one pipeline, with progress, one result per site.'
    $elapsed = Measure-Command {
        $script:results = Get-NodeUnit site-* -AutonomyLevel L3 | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru -ThrottleLimit 16
    }
    $results | Group-Object KinsState | Select-Object @{ n = 'STATE'; e = 'Name' }, @{ n = 'UNITS'; e = 'Count' } | Format-Table | Out-String -Width 80 | Write-Host
    Write-Host ("{0} sites promoted in {1:n1} s." -f $results.Count, $elapsed.TotalSeconds)
    Show 'Get-NodeUnit site-004*'

    Say 'Fleet health from the cloud: is every promoted site''s own K3s API answering through the tunnel?'
    Show 'Get-NodeUnit site-000* | Test-KinsEdgeCluster'

    Say 'One site loses its link. The tunnel cannot reach it at once; after the grace period the cloud marks its nodes Unknown.'
    $siteFile = Join-Path $work 'site-0003.kubeconfig'
    $null = Get-KinsKubeconfig site-0003 -OutFile $siteFile
    Show '$sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0003'
    Show 'Get-NodeUnit site-000* | Test-KinsEdgeCluster'
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ((Get-NodeUnit site-0003).KinsState -ne 'Offline' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
    Show 'Get-NodeUnit site-000*'
    Show 'Get-NodeUnit site-0003 | Format-List Name, KinsState, LastSeen'
    Show '(Get-NodeUnit site-0003).Reason'

    Say 'The morning view of the whole fleet: units by level and state, and which sites are silent since when.'
    Show 'Get-KinsFleetSummary'

    Say 'Inside the site, its edge kubeconfig still works: the K3s cluster serves on its own.'
    Show "kubectl --kubeconfig '$siteFile' get nodes"

    Say 'The link is back: the nodes report again, the tunnel reaches the site.'
    Show '$sandbox | Set-KinsSandbox -CloudLink Online -NodeUnit site-0003'
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while (-not (Test-KinsEdgeCluster site-0003).Healthy -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
    while ((Get-NodeUnit site-0003).KinsState -eq 'Offline' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 500 }
    Show 'Get-NodeUnit site-0003 | Test-KinsEdgeCluster'
    Show 'Get-NodeUnit site-0003'
}
finally {
    $env:KUBECONFIG = $savedKubeconfig
    if ($sandbox) {
        Say 'Stop the sandbox.'
        $sandbox | Stop-KinsSandbox -Confirm:$false
    }
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
