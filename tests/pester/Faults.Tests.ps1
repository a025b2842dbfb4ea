# A 200-unit promotion under each fault the sandbox can inject (Set-KinsSandbox), each on a fresh sandbox: every unit
# reaches the level (spec L4 and Ready), no unit is written after one of its writes was acknowledged (counted at the
# server), and no unit that reached the level is reported as failed. No timing is asserted; -Timeout only bounds a hang (generously: a loaded 2-core machine is slow).
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

    function Get-SandboxMetrics($Sandbox) {
        # The sandbox's own endpoint, with the token of the kubeconfig it wrote.
        $token = (Select-String -Path $Sandbox.Kubeconfig -Pattern 'token:\s*(\S+)').Matches[0].Groups[1].Value
        $handler = [System.Net.Http.HttpClientHandler]::new()
        $handler.ServerCertificateCustomValidationCallback = [System.Net.Http.HttpClientHandler]::DangerousAcceptAnyServerCertificateValidator
        $client = [System.Net.Http.HttpClient]::new($handler)
        try {
            $client.DefaultRequestHeaders.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $token)
            $client.GetStringAsync("$($Sandbox.Endpoint)/sandbox/metrics").GetAwaiter().GetResult() | ConvertFrom-Json -AsHashtable
        }
        finally { $client.Dispose() }
    }
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
