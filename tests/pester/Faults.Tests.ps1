# A 200-unit promotion under each fault the sandbox can inject (Set-KinsSandbox), each on a fresh sandbox: every unit
# reaches the level (spec L4 and Ready), no unit is written after one of its writes was acknowledged (counted at the
# server), and no unit that reached the level is reported as failed. No timing is asserted; -Timeout only bounds a hang (generously: a loaded 2-core machine is slow).
# Then two rows of issue 12's table at 40 units (the full table is build/FaultReplay.ps1): a 5-second cut of the whole
# cloud API as the batch starts writing, and a pwsh killed with SIGKILL halfway and the same command run again.
BeforeDiscovery {
    $script:cases = @(
        @{ Case = '10% 500/503'; Faults = @{ ServerErrorRate = 0.1 } }
        @{ Case = '10% 429 with Retry-After 1 s'; Faults = @{ ThrottleRate = 0.1 } }
        @{ Case = '5% 409 on writes'; Faults = @{ ConflictRate = 0.05 } }
        @{ Case = '10% of writes applied but answered 500'; Faults = @{ LostResponseRate = 0.1 } }
        @{ Case = 'watches reset after 1 s'; Faults = @{ WatchCutAfter = [TimeSpan]::FromSeconds(1) } }
        @{ Case = 'watches half-open after 1 s'; Faults = @{ WatchHalfOpenAfter = [TimeSpan]::FromSeconds(1) } }
        @{ Case = '100 ms latency'; Faults = @{ Latency = [TimeSpan]::FromMilliseconds(100) } }
        @{ Case = 'mixed: 10% 500/503, 5% 429, 1% 409, watches reset after 2 s'
           Faults = @{ ServerErrorRate = 0.1; ThrottleRate = 0.05; ConflictRate = 0.01; WatchCutAfter = [TimeSpan]::FromSeconds(2) } }
    )
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:units = @(1..200 | ForEach-Object { 'site-{0:d4}' -f $_ })

    Import-Module (Join-Path (Get-KinsRepoRoot) 'build/SandboxTools.psm1') -Force
}

Describe 'A 200-unit promotion under <Case>' -ForEach $cases {
    BeforeAll {
        $script:sandbox = Start-TestSandbox -Sites 200 -NodesPerSite 1
        $faults = $Faults
        $sandbox | Set-KinsSandbox @faults -FaultSeed 12
        $script:results = @($units | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru -Timeout '00:03:00' -ErrorVariable failures -ErrorAction SilentlyContinue)
        $script:failures = @($failures)
        $sandbox | Set-KinsSandbox -NoFaults
        $script:metrics = Get-SandboxMetrics $sandbox
        $script:observed = @(Get-NodeUnit site-*)
    }
    AfterAll { Stop-TestSandbox $sandbox }

    It 'injected the fault' {
        $injected = $metrics.faults
        ($injected.serverErrors + $injected.throttled + $injected.conflicts + $injected.lostResponses +
            $injected.watchesCut + $injected.watchesHalfOpened + $injected.delayed) | Should -BeGreaterThan 0
    }

    It 'brings every unit to spec L4 and Ready' {
        $observed.Count | Should -Be 200
        @($observed | Where-Object { $_.AutonomyLevel -ne 'L4' -or $_.KinsState -ne 'Ready' } | ForEach-Object { "$($_.Name): $($_.AutonomyLevel) $($_.KinsState)" }) |
            Should -BeNullOrEmpty
    }

    It 'writes no unit after one of its writes was acknowledged' {
        $after = @($metrics.nodeUnitWrites.byUnit.GetEnumerator() | Where-Object { $_.Value.afterAcknowledged -gt 0 } | ForEach-Object Key)
        $after | Should -BeNullOrEmpty
        $metrics.nodeUnitWrites.units | Should -Be 200
    }

    It 'reports no unit as failed that reached the level' {
        $atTarget = @($observed | Where-Object { $_.AutonomyLevel -eq 'L4' -and $_.KinsState -eq 'Ready' } | ForEach-Object Name)
        @($failures | Where-Object { "$($_.TargetObject)" -in $atTarget } | ForEach-Object { "$($_.TargetObject): $($_.FullyQualifiedErrorId) $($_.Exception.Message)" }) |
            Should -BeNullOrEmpty
    }

    It 'returns one Ready result per unit' {
        $results.Count | Should -Be 200
        @($results | Where-Object KinsState -ne 'Ready').Count | Should -Be 0
    }
}

Describe 'Issue 12 replayed at 40 units: <Case>' -ForEach @(
    @{ Case = 'the cloud API cut for 5 s as the batch starts writing'; Kill = $false }
    @{ Case = 'pwsh killed with SIGKILL after 15 units were written, then the same command again'; Kill = $true }
) {
    BeforeAll {
        $script:sandbox = Start-TestSandbox -Sites 40 -NodesPerSite 1
        $script:names = @(1..40 | ForEach-Object { 'site-{0:d4}' -f $_ })
        if (-not $Kill) {
            $sandbox | Set-KinsSandbox -CloudCutAfterWrites 1 -CloudCutFor '00:00:05' -FaultSeed 12
            $script:results = @($names | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru -Timeout '00:03:00' -ErrorVariable failures -ErrorAction SilentlyContinue)
            $script:failures = @($failures | ForEach-Object { "$($_.TargetObject): $($_.FullyQualifiedErrorId)" })
        }
        else {
            # The command in a pwsh of its own (two changes at a time and some latency, so that it is killed halfway),
            # killed once the server acknowledged 15 units' writes; then the same command again.
            $sandbox | Set-KinsSandbox -Latency '00:00:00.100' -FaultSeed 12
            $child = @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module '$(Join-Path (Get-KinsRepoRoot) 'Kins.psd1')'
`$units = @(1..40 | ForEach-Object { 'site-{0:d4}' -f `$_ })
`$units | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru -MaxConcurrentChanges 2 -Timeout '00:03:00' -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object { 'RESULT {0} {1}' -f `$_.Name, `$_.KinsState }
@(`$failed) | ForEach-Object { 'ERROR {0}: {1}' -f `$_.TargetObject, `$_.FullyQualifiedErrorId }
"@
            function Start-Child { Start-PwshScript $child }
            $first = Start-Child
            $script:writtenAtKill = 0
            $deadline = [DateTime]::UtcNow.AddMinutes(3)
            while (-not $first.HasExited -and [DateTime]::UtcNow -lt $deadline) {
                $script:writtenAtKill = @((Get-SandboxMetrics $sandbox).nodeUnitWrites.byUnit.Values | Where-Object { $_.acknowledged -gt 0 }).Count
                if ($writtenAtKill -ge 15) { break }
                Start-Sleep -Milliseconds 50
            }
            $script:killedRunning = -not $first.HasExited
            & kill -9 $first.Id
            $first.WaitForExit()
            $second = Start-Child
            $output = @($second.StandardOutput.ReadToEnd() -split "`n" | ForEach-Object Trim | Where-Object { $_ })
            $second.WaitForExit()
            $script:results = @($output | Where-Object { $_ -like 'RESULT *' } | ForEach-Object { $null, $n, $s = $_ -split ' '; [pscustomobject]@{ Name = $n; KinsState = $s } })
            $script:failures = @($output | Where-Object { $_ -like 'ERROR *' })
        }
        $sandbox | Set-KinsSandbox -NoFaults
        $script:metrics = Get-SandboxMetrics $sandbox
        # The server's own objects: the level in the spec, and each edge cluster's server StatefulSet Ready.
        $script:specs = @{}
        ((Invoke-Kubectl get nodeunits.site.superedge.io -o json).Output | ConvertFrom-Json).items | ForEach-Object { $specs[$_.metadata.name] = $_.spec.autonomyLevel }
        $script:serversReady = @{}
        ((Invoke-Kubectl get statefulsets -n kins-system -o json).Output | ConvertFrom-Json).items | ForEach-Object { $serversReady[$_.metadata.name] = [int] $_.status.readyReplicas -eq 1 }
    }
    AfterAll { Stop-TestSandbox $sandbox }

    It 'met the fault' {
        if ($Kill) {
            $killedRunning | Should -BeTrue
            $writtenAtKill | Should -BeGreaterOrEqual 15
            $writtenAtKill | Should -BeLessThan 40 -Because 'the first run must be killed with units left to write'
        }
        else {
            $metrics.faults.cloudCuts | Should -Be 1
            # The write that started the cut reached the server, was not applied, and was written again later.
            @($metrics.nodeUnitWrites.byUnit.Values | Where-Object { $_.requests -gt $_.applied -and $_.applied -eq 1 }).Count | Should -BeGreaterThan 0
        }
    }

    It 'leaves every unit at spec L4 with its edge cluster Ready, on the server' {
        @($names | Where-Object { $specs[$_] -ne 'L4' -or -not $serversReady["$_-server-kins"] }) | Should -BeNullOrEmpty
    }

    It 'writes every unit and none after one of its writes was acknowledged' {
        $metrics.nodeUnitWrites.units | Should -Be 40
        @($metrics.nodeUnitWrites.byUnit.GetEnumerator() | Where-Object { $_.Value.afterAcknowledged -gt 0 } | ForEach-Object Key) | Should -BeNullOrEmpty
    }

    It 'reports no failure and one Ready result per unit' {
        $failures | Should -BeNullOrEmpty
        $results.Count | Should -Be 40
        @($results | Where-Object KinsState -ne 'Ready' | ForEach-Object Name) | Should -BeNullOrEmpty
    }
}
