# Bulk behaviour shared by the change cmdlets: waiting holds no request slot, rollouts with a failure budget,
# every changed unit reported however the call ends, and per-unit errors that name their unit.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force

    function Set-NodeReady([string] $Unit, [bool] $Ready) {
        $status = if ($Ready) { 'True' } else { 'False' }
        foreach ($n in 1..3) {
            $null = Invoke-Kubectl patch node "$Unit-node-$n" --subresource=status --type merge -p "{`"status`":{`"conditions`":[{`"type`":`"Ready`",`"status`":`"$status`",`"reason`":`"Test`"}]}}"
        }
        # site-manager reports the nodes in the unit's status; the checks read it from there.
        $expected = if ($Ready) { 3 } else { 0 }
        $deadline = [DateTime]::UtcNow.AddSeconds(30)
        while (@((Get-NodeUnit $Unit).ReadyNodes).Count -ne $expected -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        @((Get-NodeUnit $Unit).ReadyNodes).Count | Should -Be $expected
    }
}

Describe 'Waiting holds no request slot' {
    BeforeAll { $script:sandbox = Start-TestSandbox -Sites 24 -ReadyDelay ([TimeSpan]::FromSeconds(2)) }
    AfterAll { Stop-TestSandbox $sandbox }

    It 'has more units waiting at once than -ThrottleLimit, and every unit Ready' {
        $records = @(Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru -ThrottleLimit 4 -Verbose 4>&1)
        $units = @($records | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $summary = @($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'waiting at once' })

        $units.Count | Should -Be 24
        @($units | Where-Object KinsState -ne 'Ready').Count | Should -Be 0
        $summary.Count | Should -Be 1
        $summary[0].Message -match 'at most (\d+) request\(s\) in flight and (\d+) unit\(s\) waiting at once' | Should -BeTrue
        $requests, $waiting = [int] $Matches[1], [int] $Matches[2]
        $requests | Should -BeLessOrEqual 4
        $waiting | Should -BeGreaterThan 4 -Because $summary[0].Message
    }

    It 'creates a pipeline of units with New-NodeUnit -Wait, each taken over by site-manager' {
        $created = @(1..6 | ForEach-Object { [pscustomobject]@{ Name = "extra-$_"; Node = "site-0001-node-$_" } } |
            New-NodeUnit -Wait -ThrottleLimit 2)
        $created.Name | Sort-Object | Should -Be @(1..6 | ForEach-Object { "extra-$_" })
        @($created | Where-Object { $_.Finalizers -notcontains 'site.superedge.io/nodeunit' }).Count | Should -Be 0
    }

    It 'removes a pipeline of promoted units with -Force -Wait' {
        Get-NodeUnit site-001* | Remove-NodeUnit -Force -Wait -ThrottleLimit 2 -Confirm:$false
        @(Get-NodeUnit site-001* -ErrorAction SilentlyContinue).Count | Should -Be 0
    }
}

Describe 'Rollouts with a failure budget' {
    BeforeAll {
        $script:sandbox = Start-TestSandbox -Sites 6
        $script:sites = @(1..6 | ForEach-Object { 'site-{0:D4}' -f $_ })
    }
    AfterAll { Stop-TestSandbox $sandbox }

    It 'stops starting units once the budget is spent and names each skipped unit' {
        Set-NodeReady site-0003 $false

        $done = @($sites | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru -MaxConcurrentChanges 1 -FailureBudget 1 -ErrorVariable problems -ErrorAction SilentlyContinue)

        $done.Name | Should -Be @('site-0001', 'site-0002')
        $problems.Count | Should -Be 4
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'InsufficientReadyNodes,*'
        $problems[0].TargetObject | Should -Be 'site-0003'
        $skipped = @($problems | Select-Object -Skip 1)
        $skipped.TargetObject | Should -Be @('site-0004', 'site-0005', 'site-0006')
        foreach ($skip in $skipped) {
            $skip.FullyQualifiedErrorId | Should -BeLike 'NodeUnitSkipped,*'
            $skip.CategoryInfo.Category | Should -Be 'OperationStopped'
            $skip.Exception.Message | Should -BeLike "NodeUnit '$($skip.TargetObject)' (context 'kins-sandbox') was skipped*failure budget of 1*site-0003*"
        }
        @(Get-NodeUnit site-0004, site-0005, site-0006 | Where-Object AutonomyLevel -ne 'L3').Count | Should -Be 0
    }

    It 'finishes the rest when the same pipeline runs again, without writing the units already done' {
        Set-NodeReady site-0003 $true
        $before = (Get-NodeUnit site-0001).ResourceVersion

        $done = @($sites | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru -MaxConcurrentChanges 1 -FailureBudget 1 -ErrorVariable problems -ErrorAction SilentlyContinue)

        $problems.Count | Should -Be 0
        $done.Name | Sort-Object | Should -Be $sites
        @($done | Where-Object KinsState -ne 'Ready').Count | Should -Be 0
        (Get-NodeUnit site-0001).ResourceVersion | Should -Be $before
    }

    It 'refuses -MaxConcurrentChanges without -Wait before sending anything' {
        { Set-NodeUnitAutonomy site-0001 -Level L5 -MaxConcurrentChanges 2 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterNeedsWait,*'
        (Get-NodeUnit site-0001).AutonomyLevel | Should -Be 'L4'
    }
}

Describe 'Whatever ends the call, every changed unit is reported' {
    BeforeAll { $script:sandbox = Start-TestSandbox -Sites 3 -ReadyDelay ([TimeSpan]::FromMinutes(5)) }
    AfterAll { Stop-TestSandbox $sandbox }

    It 'names a changed unit still in progress when an upstream command ends the pipeline with a terminating error' {
        # The report goes to the host (the failing pipeline takes no more records, as after Ctrl+C): run the pipeline
        # in a pwsh of its own and read what its host printed. The source fails once the first unit was written, as
        # a CSV reader meeting a broken row would.
        $script = @"
Import-Module '$(Join-Path (Get-KinsRepoRoot) 'Kins.psd1')'
`$env:KUBECONFIG = '$($sandbox.Kubeconfig)'
try {
    'site-0001', 'site-0002' | ForEach-Object {
        if (`$_ -eq 'site-0002') {
            `$deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-NodeUnit site-0001).AutonomyLevel -ne 'L4' -and [DateTime]::UtcNow -lt `$deadline) { Start-Sleep -Milliseconds 50 }
            throw 'The source of units failed.'
        }
        `$_
    } | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru
}
catch { 'caught: ' + `$_.Exception.Message }
"@
        $command = [Environment]::ProcessPath
        [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($command) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
        $printed = @(& $command @prefix -NoProfile -NonInteractive -Command $script 2>&1 | ForEach-Object { "$_" })

        $printed | Should -Contain 'caught: The source of units failed.'
        (Get-NodeUnit site-0001).AutonomyLevel | Should -Be 'L4'
        $report = @($printed | Where-Object { $_ -like '*NodeUnit*changed*' })
        $report.Count | Should -Be 1
        $report[0] | Should -BeLike "*pipeline ended on another command's error. 1 NodeUnit was changed*in context 'kins-sandbox' site-0001.*"
        (Get-NodeUnit site-0002).AutonomyLevel | Should -Be 'L3'
    }

    It 'goes on with the other rows when one row names a context that does not exist' {
        $csv = Join-Path $TestDrive 'rows.csv'
        "Name,Context`nsite-0003,nope`nsite-0003,kins-sandbox" | Set-Content $csv
        $done = @(Import-Csv $csv | Set-NodeUnitAutonomy -Level L4 -PassThru -ErrorVariable problems -ErrorAction SilentlyContinue)

        $problems.Count | Should -Be 1
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'ContextNotFound,*'
        $problems[0].Exception.Message | Should -BeLike "*context 'nope'*Nothing was changed*"
        $done.Name | Should -Be 'site-0003'
        (Get-NodeUnit site-0003).AutonomyLevel | Should -Be 'L4'
    }

    It 'names the changed units in progress when -ErrorAction Stop turns a unit''s error into the end of the call' {
        $null = New-NodeUnit ghost -Node no-such-node -Wait
        $failure = $null
        try {
            'site-0002', 'ghost' | ForEach-Object {
                if ($_ -eq 'ghost') {
                    $deadline = [DateTime]::UtcNow.AddSeconds(30)
                    while ((Get-NodeUnit site-0002).AutonomyLevel -ne 'L4' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                }
                $_
            } | Set-NodeUnitAutonomy -Level L4 -Wait -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue
        }
        catch { $failure = $_ }

        $failure.FullyQualifiedErrorId | Should -BeLike 'InsufficientReadyNodes,*'
        $failure.TargetObject | Should -Be 'ghost'
        $warnings.Count | Should -Be 1
        $warnings[0].Message | Should -BeLike "*1 NodeUnit was changed*in context 'kins-sandbox' site-0002.*"
    }
}

Describe 'Per-unit errors against a dead cluster' {
    It 'gives each unit its own short error, naming it, and the cause once' {
        $dead = Join-Path $TestDrive 'dead.kubeconfig'
        @'
apiVersion: v1
kind: Config
clusters:
- name: dead
  cluster:
    server: https://127.0.0.1:9
    insecure-skip-tls-verify: true
users:
- name: dead
  user:
    token: not-a-secret
contexts:
- name: dead
  context:
    cluster: dead
    user: dead
current-context: dead
'@ | Set-Content $dead

        'site-0001', 'site-0002', 'site-0003' | Set-NodeUnitAutonomy -Level L4 -Kubeconfig $dead -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.Count | Should -Be 3
        $problems.TargetObject | Sort-Object | Should -Be @('site-0001', 'site-0002', 'site-0003')
        foreach ($problem in $problems) {
            $problem.FullyQualifiedErrorId | Should -BeLike 'ClusterUnreachable,*'
            $problem.Exception.Message | Should -BeLike "NodeUnit '$($problem.TargetObject)' (context 'dead')*"
        }
        @($problems | Where-Object { $_.Exception.Message -like '*Cannot reach*' }).Count | Should -Be 1
        @($problems | Where-Object { $_.Exception.Message -like '*failed: the cluster could not be reached, as for site-*' }).Count | Should -Be 2
    }
}

Describe 'Progress of a bulk call' {
    BeforeAll { $script:sandbox = Start-TestSandbox -Sites 6 -ReadyDelay ([TimeSpan]::FromSeconds(4)) }
    AfterAll { Stop-TestSandbox $sandbox }

    It 'counts the whole pipeline and refreshes while units wait, saying what they wait for' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$(Join-Path (Get-KinsRepoRoot) 'Kins.psd1')'; Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -ThrottleLimit 2")
            $null = $shell.Invoke()

            $shell.HadErrors | Should -BeFalse
            $statuses = @($shell.Streams.Progress | Where-Object RecordType -eq 'Processing' | ForEach-Object StatusDescription)
            # Every unit was written long before the first edge cluster is up: the bar refreshed on its timer meanwhile.
            @($statuses | Where-Object { $_ -like '6 unit(s): 6 waiting for L4 (Ready), 0 done' }).Count | Should -BeGreaterThan 1
            $statuses[-1] | Should -BeLike '6 unit(s):*'
            @($shell.Streams.Progress | Where-Object RecordType -eq 'Completed').Count | Should -Be 1
        }
        finally { $shell.Dispose() }
    }
}
