# Every cluster cmdlet's failure paths, run against a sandbox: the error records they write, serialized deep (CLIXML,
# JSON, the list view) and their exceptions walked field by field, never contain a bearer token that the failing
# requests carried. Failures: 401 (a kubeconfig with a wrong token), 403 (the read-only user's writes), 500 on every
# request (fault mode) and a refused connection (a write would retry it for its whole 30 s budget: xunit's
# SecretsInErrorsTests walks that path in Kins.Core).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-TestSandbox -Sites 3 -NodesPerSite 2
    Set-NodeUnitAutonomy site-0001 -Level L4 -Wait -Confirm:$false | Out-Null

    # A selector unit demoted after promotion keeps its role labels: a leftover finding to pipe into Repair-NodeUnit.
    $north = Join-Path $TestDrive 'north.json'
    @{ apiVersion = 'site.superedge.io/v1alpha2'; kind = 'NodeUnit'; metadata = @{ name = 'north' }
        spec = @{ type = 'edge'; autonomyLevel = 'L3'; selector = @{ matchLabels = @{ 'example.com/zone' = 'north' } } } } |
        ConvertTo-Json -Depth 5 | Set-Content $north
    $null = Invoke-Kubectl label node site-0002-node-1 site-0002-node-2 example.com/zone=north
    $null = Invoke-Kubectl apply -f $north
    Set-NodeUnitAutonomy north -Level L4 -Wait -Confirm:$false | Out-Null
    Set-NodeUnitAutonomy north -Level L3 -Wait -Force | Out-Null
    $script:findings = @(Find-NodeUnitLeftover north)

    $text = Get-Content $sandbox.Kubeconfig -Raw
    $tokens = @([regex]::Matches($text, '(?m)^\s+token: (\S+)') | ForEach-Object { $_.Groups[1].Value })
    $script:adminToken = $tokens[0]
    $script:readOnlyToken = $tokens[1]
    $script:edgeToken = [regex]::Match((Get-KinsKubeconfig site-0001 -AsYaml), '(?m)^\s+token: (\S+)').Groups[1].Value

    $script:wrongToken = 'kins-wrong-token-' + [guid]::NewGuid().ToString('N')
    $script:wrongKubeconfig = Join-Path $TestDrive 'wrong-token.kubeconfig'
    Set-Content $wrongKubeconfig $text.Replace($adminToken, $wrongToken)

    $probe = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $probe.Start(); $closedPort = $probe.LocalEndpoint.Port; $probe.Stop()
    $script:refusedKubeconfig = Join-Path $TestDrive 'refused.kubeconfig'
    Set-Content $refusedKubeconfig ($text -replace 'server: https://127\.0\.0\.1:\d+', "server: https://127.0.0.1:$closedPort")

    function Invoke-FailurePath([scriptblock] $Command) {
        # The records a user would hold: non-terminating ones from the error stream and a terminating one from catch.
        $ErrorActionPreference = 'Continue'
        $records = [System.Collections.Generic.List[System.Management.Automation.ErrorRecord]]::new()
        try {
            foreach ($item in (& $Command 2>&1)) {
                if ($item -is [System.Management.Automation.ErrorRecord]) { $records.Add($item) }
            }
        }
        catch { $records.Add($_) }
        , $records.ToArray()
    }

    function Get-ReachableStrings($Root) {
        # Every string reachable from an exception through fields, public or not (requests, headers, closures).
        $flags = [System.Reflection.BindingFlags]'Instance, Public, NonPublic'
        $seen = [System.Collections.Generic.HashSet[object]]::new([System.Collections.Generic.ReferenceEqualityComparer]::Instance)
        $pending = [System.Collections.Generic.Stack[object]]::new()
        $pending.Push($Root)
        while ($pending.Count -gt 0 -and $seen.Count -lt 20000) {
            $item = $pending.Pop()
            if ($null -eq $item -or -not $seen.Add($item)) { continue }
            if ($item -is [string]) { $item; continue }
            $type = $item.GetType()
            if ($type.IsPrimitive -or $type.IsEnum -or $item -is [System.Reflection.MemberInfo] -or $item -is [System.Reflection.Module] -or $item -is [System.Reflection.Assembly]) { continue }
            if ($item -is [System.Collections.IEnumerable] -and $item -isnot [System.Collections.IDictionary]) {
                foreach ($element in $item) { $pending.Push($element) }
            }
            for ($t = $type; $null -ne $t; $t = $t.BaseType) {
                foreach ($field in $t.GetFields($flags)) {
                    if ($field.FieldType.IsPointer) { continue }
                    $pending.Push($field.GetValue($item))
                }
            }
        }
    }

    function Find-Secret([System.Management.Automation.ErrorRecord[]] $Records, [string[]] $Secrets) {
        # Names each place where a secret shows, as 'record N: how it was serialized'.
        for ($i = 0; $i -lt $Records.Count; $i++) {
            $record = $Records[$i]
            $views = [ordered]@{
                # Deeper serializations of the whole record reach the cmdlet, its module and reflection objects,
                # growing tenfold a level; the exception's own graph is serialized and walked in full below.
                clixml   = [System.Management.Automation.PSSerializer]::Serialize($record, 4)
                json     = $record | ConvertTo-Json -Depth 3 -WarningAction Ignore
                exception = [System.Management.Automation.PSSerializer]::Serialize($record.Exception, 8)
                list     = $record | Format-List * -Force | Out-String -Width 400
                text     = "$record`n$($record.Exception)`n$($record.ErrorDetails)"
                fields   = (Get-ReachableStrings $record.Exception) -join "`n"
                target   = [System.Management.Automation.PSSerializer]::Serialize($record.TargetObject, 8)
            }
            foreach ($view in $views.GetEnumerator()) {
                foreach ($secret in $Secrets) {
                    if ("$($view.Value)".Contains($secret)) { "record ${i}: $($view.Key)" }
                }
            }
        }
    }
}

AfterAll { Stop-TestSandbox $sandbox }

Describe 'A token the requests carried is in no error record' {
    It '<Case>' -ForEach @(
        @{ Case = 'Get-NodeUnit, 401'; Id = 'Unauthorized'; Command = { Get-NodeUnit -Kubeconfig $wrongKubeconfig } }
        @{ Case = 'Get-NodeUnit of one unit, 401'; Id = 'Unauthorized'; Command = { Get-NodeUnit site-0001 -Kubeconfig $wrongKubeconfig } }
        @{ Case = 'Get-KinsKubeconfig, 401'; Id = 'Unauthorized'; Command = { Get-KinsKubeconfig site-0001 -Kubeconfig $wrongKubeconfig } }
        @{ Case = 'New-KinsProxyKubeconfig, 401'; Id = 'Unauthorized'; Command = { New-KinsProxyKubeconfig site-0001 -Kubeconfig $wrongKubeconfig } }
        @{ Case = 'Set-NodeUnitAutonomy, 401'; Id = 'Unauthorized'; Command = { Set-NodeUnitAutonomy site-0002 -Level L4 -Kubeconfig $wrongKubeconfig -Confirm:$false } }
        @{ Case = 'Remove-NodeUnit, 401'; Id = 'Unauthorized'; Command = { Remove-NodeUnit site-0003 -Kubeconfig $wrongKubeconfig -Confirm:$false } }
        @{ Case = 'New-NodeUnit, 401'; Id = 'Unauthorized'; Command = { New-NodeUnit spare -Node site-0003-node-1 -Kubeconfig $wrongKubeconfig -Confirm:$false } }
        @{ Case = 'Test-KinsEdgeCluster, 401'; Id = 'Unauthorized'; Command = { Test-KinsEdgeCluster site-0001 -Kubeconfig $wrongKubeconfig } }
        @{ Case = 'Find-NodeUnitLeftover, 401'; Id = 'Unauthorized'; Command = { Find-NodeUnitLeftover north -Kubeconfig $wrongKubeconfig } }
        @{ Case = 'Repair-NodeUnit, 401'; Id = 'Unauthorized'; Command = { $findings | Repair-NodeUnit -Kubeconfig $wrongKubeconfig -Confirm:$false } }
        @{ Case = 'Get-KinsFleetSummary, 401'; Id = 'Unauthorized'; Command = { Get-KinsFleetSummary -Kubeconfig $wrongKubeconfig } }
        @{ Case = 'Set-NodeUnitAutonomy as the read-only user, 403'; Id = 'Forbidden'; Command = { Set-NodeUnitAutonomy site-0002 -Level L4 -Context kins-sandbox-readonly -Confirm:$false } }
        @{ Case = 'Remove-NodeUnit as the read-only user, 403'; Id = 'Forbidden'; Command = { Remove-NodeUnit site-0003 -Context kins-sandbox-readonly -Confirm:$false } }
        @{ Case = 'New-NodeUnit as the read-only user, 403'; Id = 'Forbidden'; Command = { New-NodeUnit spare -Node site-0003-node-1 -Context kins-sandbox-readonly -Confirm:$false } }
        @{ Case = 'Repair-NodeUnit as the read-only user, 403'; Id = 'Forbidden'; Command = { $findings | Repair-NodeUnit -Context kins-sandbox-readonly -Confirm:$false } }
        @{ Case = 'Get-NodeUnit, connection refused'; Id = 'ClusterUnreachable'; Command = { Get-NodeUnit -Kubeconfig $refusedKubeconfig } }
    ) {
        $records = Invoke-FailurePath $Command

        $records | Should -Not -BeNullOrEmpty -Because 'each path must fail, or it tests nothing'
        $records | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Should -Contain $Id
        Find-Secret $records @($adminToken, $readOnlyToken, $wrongToken, $edgeToken) | Should -BeNullOrEmpty
    }

    It 'Get-NodeUnit and Get-KinsKubeconfig when every request is answered 500' {
        $sandbox | Set-KinsSandbox -ServerErrorRate 1 -FaultSeed 12
        try {
            $records = (Invoke-FailurePath { Get-NodeUnit }) + (Invoke-FailurePath { Get-KinsKubeconfig site-0001 })
        }
        finally { $sandbox | Set-KinsSandbox -NoFaults }

        $records.Count | Should -Be 2
        $records | ForEach-Object { $_.Exception.Message } | Should -Match '50[03]'
        Find-Secret $records @($adminToken, $edgeToken) | Should -BeNullOrEmpty
    }

    It 'the search finds a token that a record does carry' {
        # The control: a record whose exception holds a request with the token in its headers is caught.
        $request = [System.Net.Http.HttpRequestMessage]::new('GET', 'https://127.0.0.1/api')
        $request.Headers.Authorization = [System.Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $adminToken)
        $exception = [System.Net.Http.HttpRequestException]::new('failed')
        $exception.Data['request'] = $request
        $record = [System.Management.Automation.ErrorRecord]::new($exception, 'Control', 'NotSpecified', 'unit')

        Find-Secret @($record) @($adminToken) | Should -Contain 'record 0: fields'
    }
}
