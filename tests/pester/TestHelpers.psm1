# Shared setup for the Pester suite: the module under test and sandboxes on 127.0.0.1.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-KinsRepoRoot { $script:RepoRoot }

function Import-KinsModule {
    # Imported once per test process: re-importing would remove the module, which stops its sandboxes.
    if (-not (Get-Module Kins)) {
        Import-Module (Join-Path $script:RepoRoot 'Kins.psd1') -Global -ErrorAction Stop
    }
}

function Start-TestSandbox {
    # Starts a sandbox and points $env:KUBECONFIG at it, as an operator would; Stop-TestSandbox undoes both.
    param([int] $Sites = 0, [int] $NodesPerSite = 3, [TimeSpan] $ReadyDelay = [TimeSpan]::Zero, [switch] $Empty)
    Import-KinsModule
    $sandbox = Start-KinsSandbox -Sites $Sites -NodesPerSite $NodesPerSite -ReadyDelay $ReadyDelay -Empty:$Empty
    $sandbox | Add-Member -NotePropertyName SavedKubeconfig -NotePropertyValue $env:KUBECONFIG
    $env:KUBECONFIG = $sandbox.Kubeconfig
    $sandbox
}

function Stop-TestSandbox {
    param($Sandbox)
    if ($Sandbox) {
        $env:KUBECONFIG = $Sandbox.SavedKubeconfig
        $Sandbox | Stop-KinsSandbox -Confirm:$false
    }
}

function Invoke-Kubectl {
    # The real kubectl against the current sandbox; a missing kubectl fails the test loudly.
    if (-not (Get-Command kubectl -CommandType Application -ErrorAction Ignore)) {
        throw 'kubectl is not on PATH: these tests run the real kubectl. Install kubectl 1.32.'
    }
    $cache = Join-Path ([IO.Path]::GetTempPath()) "kins-kubectl-cache-$PID"
    $output = & kubectl --cache-dir $cache @args 2>&1
    [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String).Trim() }
}

Export-ModuleMember -Function Get-KinsRepoRoot, Import-KinsModule, Start-TestSandbox, Stop-TestSandbox, Invoke-Kubectl
