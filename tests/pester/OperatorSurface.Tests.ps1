# An operator's session (issue 11): objects stay on their cluster, the sandbox survives Ctrl+C, durations are seconds,
# wildcards expand everywhere, exports read cleanly, and the smaller mistakes give clear errors.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:A = Start-TestSandbox -Sites 3
    $script:B = Start-KinsSandbox -Sites 3 -ReadyDelay 0
}
AfterAll {
    if ($B) { $B | Stop-KinsSandbox -Confirm:$false -ErrorAction Ignore }
    Stop-TestSandbox $A
}

Describe 'Cluster identity of emitted objects' {
    It 'carries the absolute kubeconfig, the context and the API server, also when chosen by $env:KUBECONFIG' {
        $u = Get-NodeUnit site-0001
        $u.Kubeconfig | Should -Be ([IO.Path]::GetFullPath($A.Kubeconfig))
        $u.Context | Should -Be 'kins-sandbox'
        $u.ApiServer.TrimEnd('/') | Should -Be $A.Endpoint.TrimEnd('/')
    }

    It 'makes a relative -Kubeconfig absolute' {
        Push-Location (Split-Path $B.Kubeconfig)
        try { $u = Get-NodeUnit site-0001 -Kubeconfig (Split-Path -Leaf $B.Kubeconfig) } finally { Pop-Location }
        $u.Kubeconfig | Should -Be ([IO.Path]::GetFullPath($B.Kubeconfig))
    }

    It 'acts on the cluster the object came from after $env:KUBECONFIG moved to another sandbox' {
        $u = Get-NodeUnit site-0001
        $env:KUBECONFIG = $B.Kubeconfig
        try {
            $u | Set-NodeUnitAutonomy -Level L4
            (Get-NodeUnit site-0001 -Kubeconfig $A.Kubeconfig).AutonomyLevel | Should -Be 'L4'
            (Get-NodeUnit site-0001 -Kubeconfig $B.Kubeconfig).AutonomyLevel | Should -Be 'L3'
        }
        finally { $env:KUBECONFIG = $A.Kubeconfig }
    }

    It 'refuses, naming the unit, when -Kubeconfig selects another server than the object''s' {
        $u = Get-NodeUnit site-0002
        $u | Set-NodeUnitAutonomy -Level L4 -Kubeconfig $B.Kubeconfig -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClusterMismatch*'
        $failed[0].TargetObject | Should -Be 'site-0002'
        $failed[0].Exception.Message | Should -BeLike "*site-0002*$($B.Endpoint.TrimEnd('/'))*"
        (Get-NodeUnit site-0002 -Kubeconfig $B.Kubeconfig).AutonomyLevel | Should -Be 'L3'
        (Get-NodeUnit site-0002).AutonomyLevel | Should -Be 'L3'
    }

    It 'fails for that unit, never falling back to $env:KUBECONFIG, when its kubeconfig is gone' {
        $copy = Join-Path $TestDrive 'a.kubeconfig'
        Copy-Item $A.Kubeconfig $copy
        $u = Get-NodeUnit site-0003 -Kubeconfig $copy
        Remove-Item $copy
        $u | Set-NodeUnitAutonomy -Level L4 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'KubeconfigNotFound*'
        $failed[0].TargetObject | Should -Be 'site-0003'
        $failed[0].Exception.Message | Should -BeLike "*site-0003*$copy*"
        (Get-NodeUnit site-0003).AutonomyLevel | Should -Be 'L3'
    }

    It 'fails for that unit when its context now points to another server' {
        $copy = Join-Path $TestDrive 'moving.kubeconfig'
        Copy-Item $A.Kubeconfig $copy
        $u = Get-NodeUnit site-0003 -Kubeconfig $copy
        Copy-Item $B.Kubeconfig $copy -Force
        $u | Set-NodeUnitAutonomy -Level L4 -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ClusterMismatch*'
        $failed[0].Exception.Message | Should -BeLike "*site-0003*now points to*"
        (Get-NodeUnit site-0003 -Kubeconfig $B.Kubeconfig).AutonomyLevel | Should -Be 'L3'
    }
}

Describe 'The sandbox survives Ctrl+C in the terminal that started it' -Skip:(-not $IsLinux) {
    It 'keeps serving after SIGINT to the process group of the pwsh that started it, and stops with that pwsh' {
        $info = Join-Path $TestDrive 'sandbox.json'
        $script = "Import-Module '$(Join-Path (Get-KinsRepoRoot) 'Kins.psd1')'; `$s = Start-KinsSandbox; [pscustomobject]@{ Pid = `$s.ProcessId; Kubeconfig = `$s.Kubeconfig } | ConvertTo-Json | Set-Content '$info'"
        $command = [Environment]::ProcessPath
        [string[]] $arguments = if ([IO.Path]::GetFileNameWithoutExtension($command) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
        # A pwsh leading a process group of its own (as a terminal's foreground job) that, like an interactive shell,
        # survives Ctrl+C: -NoExit keeps it reading commands from a pipe we hold open.
        $start = [System.Diagnostics.ProcessStartInfo]::new('setsid')
        foreach ($argument in @($command) + $arguments + @('-NoProfile', '-NoExit', '-Command', $script)) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardInput = $true
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $shell = [System.Diagnostics.Process]::Start($start)
        $started = $null
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Test-Path $info) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            Start-Sleep -Milliseconds 300
            $started = Get-Content -Raw $info | ConvertFrom-Json

            & kill -INT -- "-$($shell.Id)"
            Start-Sleep -Seconds 1
            $shell.HasExited | Should -BeFalse -Because 'an interactive pwsh survives Ctrl+C'
            Get-Process -Id $started.Pid -ErrorAction Ignore | Should -Not -BeNullOrEmpty
            (Get-NodeUnit test -Kubeconfig $started.Kubeconfig -ErrorAction Stop).Name | Should -Be 'test'

            # It still ends with the PowerShell that started it.
            $shell.StandardInput.Close()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ((Get-Process -Id $started.Pid -ErrorAction Ignore) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
            Get-Process -Id $started.Pid -ErrorAction Ignore | Should -BeNullOrEmpty
            Test-Path $started.Kubeconfig | Should -BeFalse
        }
        finally {
            if (-not $shell.HasExited) { $shell.Kill($true) }
            if ($started) { Stop-Process -Id $started.Pid -Force -ErrorAction Ignore }
        }
    }

    It 'would stop on a SIGINT that reached it (so the test above can fail)' {
        # A shell starts a background command with SIGINT ignored, and every process it starts inherits that: then
        # no process of this run can be stopped by SIGINT, and there is nothing to show.
        $ignored = [Convert]::ToUInt64(((Get-Content "/proc/$PID/status" | Where-Object { $_ -like 'SigIgn:*' }) -split '\s+')[1], 16)
        if ($ignored -band 2) { Set-ItResult -Skipped -Because 'this test run was started with SIGINT ignored (in the background)'; return }
        $c = Start-KinsSandbox -Empty
        & kill -INT $c.ProcessId
        $deadline = [DateTime]::UtcNow.AddSeconds(20)
        while ((Get-Process -Id $c.ProcessId -ErrorAction Ignore) -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
        Get-Process -Id $c.ProcessId -ErrorAction Ignore | Should -BeNullOrEmpty
        $c | Stop-KinsSandbox -ErrorAction Ignore
    }
}

Describe 'Durations' {
    It 'reads a bare number as seconds' {
        $command = Get-Command Set-NodeUnitAutonomy
        $attribute = $command.Parameters['Timeout'].Attributes | Where-Object { $_ -is [System.Management.Automation.ArgumentTransformationAttribute] }
        $attribute.Transform($ExecutionContext, 600) | Should -Be ([TimeSpan]::FromMinutes(10))
        $attribute.Transform($ExecutionContext, '90s') | Should -Be ([TimeSpan]::FromSeconds(90))
        $attribute.Transform($ExecutionContext, '1h30m') | Should -Be ([TimeSpan]::FromMinutes(90))
        $attribute.Transform($ExecutionContext, '00:20:00') | Should -Be ([TimeSpan]::FromMinutes(20))
    }

    It 'refuses <Value> before anything is written' -ForEach @(
        @{ Value = -5 }, @{ Value = 0 }, @{ Value = '25h' }, @{ Value = [TimeSpan]::MaxValue }, @{ Value = 'soon' }
    ) {
        $before = (Get-NodeUnit site-0002).ResourceVersion
        { Remove-NodeUnit site-0002 -Force -Wait -Timeout $Value -Confirm:$false } | Should -Throw -ExpectedMessage '*Timeout*'
        (Get-NodeUnit site-0002).ResourceVersion | Should -Be $before
    }
}

Describe 'Wildcards and -WhatIf' {
    It 'expands patterns in Set-NodeUnitAutonomy against the cluster' {
        Set-NodeUnitAutonomy -Name 'site-000[12]' -Level L4 -Kubeconfig $B.Kubeconfig
        (Get-NodeUnit site-* -Kubeconfig $B.Kubeconfig | Where-Object AutonomyLevel -eq 'L4').Name | Sort-Object | Should -Be @('site-0001', 'site-0002')
    }

    It 'reports under -WhatIf the units that do not exist, as the real run would' {
        Remove-NodeUnit nope, site-0003 -WhatIf -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed.Count | Should -Be 1
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'NodeUnitNotFound*'
        $failed[0].TargetObject | Should -Be 'nope'
        Get-NodeUnit site-0003 | Should -Not -BeNullOrEmpty
    }

    It 'warns when a pattern matches nothing' {
        Remove-NodeUnit 'gone-*' -Confirm:$false -WarningVariable warned 3>$null
        $warned | Should -BeLike "*gone-**"
    }
}

Describe 'Scripting' {
    It 'exports lists as readable text to CSV' {
        Get-NodeUnit test | Export-Csv -Path (Join-Path $TestDrive 'u.csv')
        $row = Import-Csv (Join-Path $TestDrive 'u.csv')
        $row.Nodes | Should -Be ((Get-NodeUnit test).Nodes -join ',')
        $row.Nodes | Should -Match '^[^,]+(,[^,]+)+$'
        $row.AutonomyLevel | Should -Be 'L3'
        $row.KinsState | Should -Be 'Standard'
        (Get-Content -Raw (Join-Path $TestDrive 'u.csv')) | Should -Not -BeLike '*ReadOnly*'
    }

    It 'serializes enums and the age as names in JSON' {
        $json = Get-NodeUnit test | ConvertTo-Json -Depth 3 | ConvertFrom-Json
        $json.KinsState | Should -Be 'Standard'
        $json.AutonomyLevel | Should -Be 'L3'
        $json.Age | Should -BeOfType [string]
        $json.Age | Should -Match '^\d+[smhdy]'
    }

    It 'is an enum, and a CSV with a level per row drives a promotion' {
        $level = (Get-NodeUnit test).AutonomyLevel
        $level.GetType().IsEnum | Should -BeTrue
        $level.GetType().Name | Should -Be 'AutonomyLevel'
        $rows = "Name,AutonomyLevel`nsite-0003,L4" | ConvertFrom-Csv
        $rows | Set-NodeUnitAutonomy -Kubeconfig $B.Kubeconfig
        (Get-NodeUnit site-0003 -Kubeconfig $B.Kubeconfig).AutonomyLevel | Should -Be 'L4'
    }

    It 'has one level parameter name with the other as alias' {
        foreach ($name in 'Get-NodeUnit', 'New-NodeUnit', 'Set-NodeUnitAutonomy') {
            (Get-Command $name).Parameters['AutonomyLevel'].Aliases | Should -Contain 'Level'
        }
    }

    It 'fits the unit table in 80 columns with a long name' {
        # 63 characters, the longest name New-NodeUnit accepts (a node label key).
        $name = 'a-very-long-nodeunit-name-of-a-factory-site-north-' + ('0' * 13)
        New-NodeUnit $name -Node edge1 -Kubeconfig $B.Kubeconfig | Out-Null
        $lines = (Get-NodeUnit $name -Kubeconfig $B.Kubeconfig | Format-Table | Out-String -Width 80) -split "`n" | Where-Object { $_.Trim() }
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        $lines[0] | Should -Match 'TYPE\s+LEVEL\s+STATE\s+READY\s+AGE\s+NAME'
        $lines[-1] | Should -Match 'edge\s+L3\s+Standard'
        $lines[-1] | Should -Match 'a-very-long-nodeunit'
        $name.Length | Should -Be 63
    }
}

Describe 'Smaller mistakes give clear errors' {
    It 'an empty kubeconfig file' {
        $empty = Join-Path $TestDrive 'empty'
        Set-Content $empty ''
        { Get-NodeUnit -Kubeconfig $empty } | Should -Throw -ExpectedMessage "*'$empty' is empty*"
    }

    It 'a folder as -Kubeconfig and as -OutFile' {
        { Get-NodeUnit -Kubeconfig $TestDrive } | Should -Throw -ExpectedMessage '*is a folder, not a kubeconfig file*'
        Set-NodeUnitAutonomy site-0002 -Level L4 -Wait -Kubeconfig $B.Kubeconfig
        { Get-KinsKubeconfig site-0002 -OutFile $TestDrive -Kubeconfig $B.Kubeconfig } | Should -Throw -ExpectedMessage '*is a folder; -OutFile needs the path of a file*'
    }

    It 'a kubeconfig list in -Kubeconfig, like $KUBECONFIG' {
        $list = $B.Kubeconfig + [IO.Path]::PathSeparator + $A.Kubeconfig
        $u = Get-NodeUnit test -Kubeconfig $list
        $u.ApiServer.TrimEnd('/') | Should -Be $B.Endpoint.TrimEnd('/')
        $u.Kubeconfig | Should -Be $list
    }

    It 'New-NodeUnit warns about nodes that do not exist and keeps each node once' {
        $unit = New-NodeUnit odd -Node edge1, edge1, ghost-node -WarningVariable warned 3>$null
        @($unit.Nodes) | Should -Be @('edge1', 'ghost-node')
        "$warned" | Should -BeLike "*ghost-node*"
        "$warned" | Should -Not -BeLike '*edge1*'
    }

    It 'Set-KinsSandbox on a sandbox that exited, and a second Stop-KinsSandbox' {
        $c = Start-KinsSandbox -Empty
        Stop-Process -Id $c.ProcessId -Force
        Start-Sleep -Milliseconds 500
        $c | Set-KinsSandbox -CloudLink Offline -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].Exception.Message | Should -BeLike "*process $($c.ProcessId)) has exited*"
        $c | Stop-KinsSandbox
        $c | Stop-KinsSandbox -ErrorVariable again -ErrorAction SilentlyContinue
        $again[0].Exception.Message | Should -BeLike '*was already stopped*'
    }
}
