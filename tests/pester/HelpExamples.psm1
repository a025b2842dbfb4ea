# Runs the examples of the help (module/help/*.help.psd1 and about_Kins) and compares what they print with what
# the help shows. An example declares, beside Title/Code/Remarks:
#   Setup   = script run first, in the example's own folder, after its sandbox is up and $env:KUBECONFIG points at it
#             ($sandbox is the sandbox object); not shown in the help.
#   Output  = what the example prints (shown in the help after the code). <placeholder> matches any text within a
#             line, and runs of blanks match any run of blanks (table columns). No Output: it prints nothing.
#   Sandbox = Start-KinsSandbox parameters (default: the article's world, -ReadyDelay 0), or $false when the example
#             starts its own.
#   Pester  = $true: Code is a Pester test file; it runs in a child pwsh and must pass.

function Split-ExampleCode([string] $Code) {
    # "PS> " starts a command; the lines after it, up to the next "PS> ", continue it (their indentation is cosmetic).
    $commands = [System.Collections.Generic.List[string]]::new()
    foreach ($line in $Code -split "`r?`n") {
        if ($line -match '^PS> (.*)$') { $commands.Add($Matches[1]) }
        elseif ($commands.Count -gt 0) { $commands[$commands.Count - 1] += "`n" + $line }
        elseif ($line.Trim()) { throw "Example code must start with 'PS> ': $line" }
    }
    $commands
}

function Get-AboutExample([string] $Text) {
    # The example blocks of an about_ topic: "PS> " lines indented by 8, their continuation lines indented by 12 or
    # more, and what they print after them (indented by 8). A block ends at the next line of prose (indented by 4).
    $blocks = [System.Collections.Generic.List[hashtable]]::new()
    $current = $null
    $inCommand = $false
    foreach ($line in $Text -split "`r?`n") {
        if ($line -match '^        PS> (.*)$') {
            if (-not $current) { $current = @{ Code = [System.Text.StringBuilder]::new(); Output = [System.Text.StringBuilder]::new() }; $blocks.Add($current) }
            [void] $current.Code.AppendLine('PS> ' + $Matches[1])
            $inCommand = $true
        }
        elseif ($current -and $inCommand -and $line -match '^            (.*)$') { [void] $current.Code.AppendLine('    ' + $Matches[1]) }
        elseif ($current -and $line -match '^        (.*)$') { [void] $current.Output.AppendLine($Matches[1]); $inCommand = $false }
        elseif ($current -and -not $line.Trim()) { $inCommand = $false }
        else { $current = $null; $inCommand = $false }
    }
    foreach ($block in $blocks) { @{ Code = $block.Code.ToString(); Output = $block.Output.ToString() } }
}

function Format-ExampleOutput([object[]] $Records) {
    $text = [System.Text.StringBuilder]::new()
    $pending = [System.Collections.Generic.List[object]]::new()
    $flush = {
        if ($pending.Count -gt 0) {
            [void] $text.Append(($pending | Out-String -Width 80))
            $pending.Clear()
        }
    }
    foreach ($record in $Records) {
        switch ($record) {
            { $_ -is [System.Management.Automation.WarningRecord] } { & $flush; [void] $text.AppendLine("WARNING: $($_.Message)"); continue }
            { $_ -is [System.Management.Automation.ErrorRecord] } {
                & $flush
                $source = $_.InvocationInfo.MyCommand.Name
                $line = if ($source -and $_.Exception -isnot [System.Management.Automation.RemoteException]) { "${source}: $($_.Exception.Message)" } else { $_.Exception.Message }
                [void] $text.AppendLine($line)
                continue
            }
            { $_ -is [System.Management.Automation.InformationRecord] } { & $flush; [void] $text.AppendLine("$($_.MessageData)"); continue }
            { $_ -is [System.Management.Automation.VerboseRecord] -or $_ -is [System.Management.Automation.DebugRecord] -or $_ -is [System.Management.Automation.ProgressRecord] } { continue }
            default { $pending.Add($_) }
        }
    }
    & $flush
    $text.ToString()
}

function Get-NormalizedLines([string] $Text) {
    $lines = @(($Text -replace "`e\[[0-9;?]*[a-zA-Z]", '') -split "`r?`n" | ForEach-Object { $_.TrimEnd() })
    # Blank lines only separate blocks: keep none, so the help may lay its output out freely.
    @($lines | Where-Object { $_ -ne '' })
}

function Test-ExampleOutput([string] $Expected, [string] $Actual) {
    # Returns $null when they match, else a description of the first difference.
    $want = @(Get-NormalizedLines $Expected)
    $got = @(Get-NormalizedLines $Actual)
    for ($i = 0; $i -lt [Math]::Max($want.Count, $got.Count); $i++) {
        if ($i -ge $want.Count) { return "printed more than the help shows, from line $($i + 1): '$($got[$i])'" }
        if ($i -ge $got.Count) { return "printed less than the help shows; missing line $($i + 1): '$($want[$i])'" }
        $pattern = '^' + ([regex]::Escape($want[$i].Trim()) -replace '<[^<>]+>', '.*?' -replace '(\\ )+', '\s+') + '$'
        if ($got[$i].Trim() -notmatch $pattern) { return "line $($i + 1) differs:`n  help:    '$($want[$i])'`n  printed: '$($got[$i])'" }
    }
    $null
}

function Invoke-HelpExample {
    # Runs one example in a fresh folder (and sandbox, unless it starts its own); returns what it printed.
    param([hashtable] $Example, [string] $Folder)
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $savedKubeconfig = $env:KUBECONFIG
    $sandbox = $null
    Push-Location $Folder
    try {
        if ($Example.Pester) {
            Set-Content -Path (Join-Path $Folder 'Example.Tests.ps1') -Value $Example.Code
            $pester = (Get-Module Pester).Path
            $kins = Join-Path (Get-KinsRepoRoot) 'Kins.psd1'
            $command = [Environment]::ProcessPath
            [string[]] $arguments = if ([IO.Path]::GetFileNameWithoutExtension($command) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
            $script = "Import-Module '$pester'; Import-Module '$kins'; `$r = Invoke-Pester -Path '$Folder' -PassThru -Output None; if (`$r.Result -ne 'Passed') { `$r.Failed | ForEach-Object { `$_.ErrorRecord } ; exit 1 }"
            $printed = & $command @arguments -NoProfile -NonInteractive -Command $script 2>&1 | Out-String
            return [pscustomobject]@{ Printed = ''; Failure = if ($LASTEXITCODE -ne 0) { "the Pester example failed: $printed" } }
        }
        if ($Example.Sandbox -ne $false) {
            $parameters = @{ ReadyDelay = 0 }
            if ($Example.Sandbox -is [hashtable]) { $parameters += $Example.Sandbox }
            $sandbox = Start-KinsSandbox @parameters
            $env:KUBECONFIG = $sandbox.Kubeconfig
        }
        # Setup runs in the example's scope (its variables stay visible) with everything it prints dropped. Then each
        # command runs as if typed at the prompt: its output is formatted on its own, and a terminating error ends only it.
        $script = [System.Text.StringBuilder]::new("param(`$sandbox, `$__printed)`n. {`n$($Example.Setup)`n} *>&1 | Out-Null`n")
        # -WhatIf writes straight to the host, so each command also runs under a transcript that catches those lines.
        $n = 0
        foreach ($command in Split-ExampleCode $Example.Code) {
            $n++
            $transcript = Join-Path $Folder ".transcript-$n.txt"
            [void] $script.Append(@"
`$__records = [System.Collections.Generic.List[object]]::new()
Start-Transcript -Path '$transcript' -UseMinimalHeader | Out-Null
try { . {
$command
} *>&1 | ForEach-Object { `$__records.Add(`$_) } } catch { `$__records.Add(`$_) }
Stop-Transcript | Out-Null
foreach (`$__line in Get-Content '$transcript') { if (`$__line -like 'What if:*') { [void] `$__printed.AppendLine(`$__line) } }
Remove-Item -Force '$transcript'
[void] `$__printed.Append((Format-ExampleOutput `$__records))

"@)
        }
        $printed = [System.Text.StringBuilder]::new()
        & ([scriptblock]::Create($script.ToString())) $sandbox $printed
        return [pscustomobject]@{ Printed = $printed.ToString(); Failure = $null }
    }
    finally {
        Pop-Location
        $env:KUBECONFIG = $savedKubeconfig
        if ($sandbox) { $sandbox | Stop-KinsSandbox -Confirm:$false -ErrorAction Ignore }
    }
}

Export-ModuleMember -Function Get-AboutExample, Split-ExampleCode, Format-ExampleOutput, Test-ExampleOutput, Invoke-HelpExample
