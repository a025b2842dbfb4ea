# What the Bench, the fault replay and the fault tests read from a running sandbox, beside the Kins cmdlets.

function Get-SandboxToken($Sandbox) {
    # The admin token of the kubeconfig the sandbox wrote (0600, in its own folder).
    (Select-String -Path $Sandbox.Kubeconfig -Pattern 'token:\s*(\S+)').Matches[0].Groups[1].Value
}

function Get-SandboxMetrics($Sandbox) {
    # The sandbox's own counters (/sandbox/metrics): requests, lists, watches, NodeUnit writes per unit, faults.
    $handler = [System.Net.Http.HttpClientHandler]::new()
    $handler.ServerCertificateCustomValidationCallback = [System.Net.Http.HttpClientHandler]::DangerousAcceptAnyServerCertificateValidator
    $client = [System.Net.Http.HttpClient]::new($handler)
    try {
        $client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', (Get-SandboxToken $Sandbox))
        $client.GetStringAsync("$($Sandbox.Endpoint)/sandbox/metrics").GetAwaiter().GetResult() | ConvertFrom-Json -AsHashtable
    }
    finally { $client.Dispose() }
}

function Get-SiteNames([int] $Count) {
    # The sandbox's site units: site-0001 .. site-<Count>.
    @(1..$Count | ForEach-Object { 'site-{0:d4}' -f $_ })
}

function Start-PwshScript([string] $Script) {
    # A fresh pwsh (the one running this, also as 'dotnet pwsh') running $Script, its output redirected: a process
    # the caller can kill mid-run, as the SIGKILL row does.
    $command = [Environment]::ProcessPath
    [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($command) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
    $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($Script))
    $info = [Diagnostics.ProcessStartInfo]::new($command)
    foreach ($argument in @($prefix) + @('-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded)) { $info.ArgumentList.Add($argument) }
    $info.RedirectStandardOutput = $true
    $info.UseShellExecute = $false
    [Diagnostics.Process]::Start($info)
}

Export-ModuleMember -Function Get-SandboxToken, Get-SandboxMetrics, Get-SiteNames, Start-PwshScript
