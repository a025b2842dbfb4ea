#Requires -Version 7.4
<#
.SYNOPSIS
    Makes the API clients of issue 13's findings available to the tests, and says where they are.
.DESCRIPTION
    The sandbox must behave like a kube-apiserver for clients nobody here wrote. tests/pester/ApiClients.Tests.ps1
    replays each finding with the client that found it:
      - Debian's kubectl 1.20 (package kubernetes-client): the .deb is fetched with `apt-get download` and unpacked
        with `dpkg -x` into the cache; the kubectl on PATH (1.32) is left alone.
      - Debian's ruby-kubeclient 4.9 and python3-kubernetes 22.6: installed with apt-get when missing (they need
        Debian's ruby and /usr/bin/python3 with their libraries).
      - @kubernetes/client-node 1.4 from npm, installed into the cache.
    Idempotent: what is present is only checked (about a second). Returns an object with the paths.
    The cache is $env:KINS_API_CLIENTS_CACHE, else $XDG_CACHE_HOME/kins/api-clients, else ~/.cache/kins/api-clients.
    A client that cannot be had is an error (never a silent skip): the tests that need it fail.
#>
[CmdletBinding()]
param([string] $CacheRoot)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$KubectlDebVersion = '1.20.5+really1.20.2-1.1+deb12u1'
$ClientNodeVersion = '1.4'

function Get-CacheRoot {
    if ($CacheRoot) { return $CacheRoot }
    if ($env:KINS_API_CLIENTS_CACHE) { return $env:KINS_API_CLIENTS_CACHE }
    $base = if ($env:XDG_CACHE_HOME) { $env:XDG_CACHE_HOME } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.cache' }
    return Join-Path $base 'kins/api-clients'
}

function Invoke-Quiet {
    # Runs a native command; on failure throws with what it printed.
    param([string] $What, [string] $Exe, [string[]] $Arguments, [string] $WorkingDirectory = (Get-Location).Path)
    Push-Location $WorkingDirectory
    try { $output = & $Exe @Arguments 2>&1 | Out-String }
    finally { Pop-Location }
    if ($LASTEXITCODE -ne 0) { throw "$What failed (exit $LASTEXITCODE): $Exe $($Arguments -join ' ')`n$output" }
    return $output
}

$script:aptUpdated = $false
function Invoke-Apt {
    # apt-get with one `apt-get update` retry: a fresh machine may have no or stale package lists.
    param([string] $What, [string[]] $Arguments, [string] $WorkingDirectory = (Get-Location).Path)
    if (-not (Get-Command apt-get -ErrorAction Ignore)) { throw "$What needs apt-get (Debian), which this machine does not have." }
    try { return Invoke-Quiet $What apt-get $Arguments $WorkingDirectory }
    catch {
        if ($script:aptUpdated) { throw }
        $script:aptUpdated = $true
        $null = Invoke-Quiet 'apt-get update' apt-get @('update', '-q')
        return Invoke-Quiet $What apt-get $Arguments $WorkingDirectory
    }
}

function Install-Kubectl120([string] $Root) {
    $folder = Join-Path $Root 'kubectl-1.20'
    $kubectl = Join-Path $folder 'usr/bin/kubectl'
    if (-not (Test-Path $kubectl)) {
        $download = Join-Path $Root 'download'
        Remove-Item $download -Recurse -Force -ErrorAction Ignore
        $null = New-Item -ItemType Directory -Path $download -Force
        $null = Invoke-Apt "Downloading kubernetes-client $KubectlDebVersion" @('download', '-q', "kubernetes-client=$KubectlDebVersion") $download
        $deb = Get-ChildItem $download -Filter 'kubernetes-client_*.deb' | Select-Object -First 1
        if (-not $deb) { throw "apt-get download left no kubernetes-client .deb in $download." }
        $staging = "$folder.partial"
        Remove-Item $staging -Recurse -Force -ErrorAction Ignore
        $null = Invoke-Quiet 'Unpacking kubernetes-client' dpkg-deb @('-x', $deb.FullName, $staging)
        Remove-Item $folder -Recurse -Force -ErrorAction Ignore
        Move-Item $staging $folder
        Remove-Item $download -Recurse -Force
    }
    $version = Invoke-Quiet 'kubectl 1.20' $kubectl @('version', '--client', '--short')
    if ($version -notmatch 'v1\.20\.') { throw "$kubectl is not kubectl 1.20: $version" }
    return $kubectl
}

function Install-DebianPackage([string] $Package, [string] $Exe, [string[]] $Check) {
    if (Get-Command $Exe -ErrorAction Ignore) {
        & $Exe @Check *> $null
        if ($LASTEXITCODE -eq 0) { return }
    }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    $null = Invoke-Apt "Installing $Package" @('install', '-y', '-q', '--no-install-recommends', $Package)
    $output = & $Exe @Check 2>&1 | Out-String
    if ($LASTEXITCODE -ne 0) { throw "$Package is installed but does not load: $output" }
}

function Install-ClientNode([string] $Root) {
    $folder = Join-Path $Root 'node'
    $manifest = Join-Path $folder "node_modules/@kubernetes/client-node/package.json"
    $present = (Test-Path $manifest) -and ((Get-Content -Raw $manifest | ConvertFrom-Json).version -like "$ClientNodeVersion.*")
    if (-not $present) {
        if (-not (Get-Command npm -ErrorAction Ignore)) { throw '@kubernetes/client-node needs npm, which is not on PATH.' }
        $null = New-Item -ItemType Directory -Path $folder -Force
        $null = Invoke-Quiet "Installing @kubernetes/client-node@$ClientNodeVersion" npm @(
            'install', '--prefix', $folder, '--no-audit', '--no-fund', '--loglevel=error', "@kubernetes/client-node@$ClientNodeVersion")
    }
    return (Join-Path $folder 'node_modules')
}

$root = Get-CacheRoot
$null = New-Item -ItemType Directory -Path $root -Force
$kubectl120 = Install-Kubectl120 $root
Install-DebianPackage 'ruby-kubeclient' 'ruby' @('-e', 'require "kubeclient"')
Install-DebianPackage 'python3-kubernetes' '/usr/bin/python3' @('-c', 'import kubernetes')
$nodeModules = Install-ClientNode $root

[pscustomobject]@{
    CacheRoot   = $root
    Kubectl120  = $kubectl120
    Ruby        = (Get-Command ruby).Source
    Python      = '/usr/bin/python3'
    Node        = (Get-Command node).Source
    NodeModules = $nodeModules
}
