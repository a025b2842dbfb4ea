BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-TestSandbox -Sites 2
    Get-NodeUnit test, site-0001 | Set-NodeUnitAutonomy -Level L4 -Wait
    $script:token = (Get-KinsKubeconfig test).Token
    $script:proxyPort = (Invoke-Kubectl get svc tunnel-cloud -n edge-system -o "jsonpath={.spec.ports[?(@.name=='http-proxy')].nodePort}").Output
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Get-KinsKubeconfig' {
    It 'returns the edge kubeconfig that site-manager published' {
        $kubeconfig = Get-KinsKubeconfig test
        $kubeconfig.PSObject.TypeNames[0] | Should -Be 'Kins.Kubeconfig'
        $kubeconfig.NodeUnit | Should -Be 'test'
        $kubeconfig.Kind | Should -Be 'Edge'
        $kubeconfig.Token | Should -Not -BeNullOrEmpty
        $kubeconfig.Context | Should -Be 'kins-sandbox'
        $article = (Invoke-Kubectl get cm test-cm-kins -n kins-system '-o=jsonpath={.data.kubeconfig\.conf}').Output
        $article | Should -Match ([regex]::Escape($kubeconfig.Token))
        $kubeconfig.Server | Should -Match ([regex]::Escape(($article -split "`n" | Where-Object { $_ -match 'server:' } | Select-Object -First 1).Trim().Substring(8)))
    }

    It 'never shows the token in its default views or its verbose stream' {
        $views = (Get-KinsKubeconfig test | Out-String) + (Get-KinsKubeconfig test | Format-List | Out-String)
        $views | Should -Not -Match ([regex]::Escape($token))
        $verbose = Get-KinsKubeconfig test -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Out-String
        $verbose | Should -Not -Match ([regex]::Escape($token))
        $verbose = Get-KinsKubeconfig test -OutFile (Join-Path $TestDrive 'verbose.kubeconfig') -Verbose -Debug 4>&1 5>&1 | Out-String
        $verbose | Should -Not -Match ([regex]::Escape($token))
    }

    It 'writes a file that kubectl uses to reach the edge cluster, owner-only' {
        $path = Join-Path $TestDrive 'test.kubeconfig'
        $file = Get-KinsKubeconfig test -OutFile $path
        $file.FullName | Should -Be $path
        if (-not $IsWindows) { (Get-Item $path).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
        $nodes = Invoke-Kubectl --kubeconfig $path get nodes -o name
        $nodes.ExitCode | Should -Be 0 -Because $nodes.Output
        ($nodes.Output -split "`n" | Sort-Object) | Should -Be @('node/edge1', 'node/edge2', 'node/edge3')
    }

    It 'refuses to overwrite without -Force, and keeps the old file' {
        $path = Join-Path $TestDrive 'keep.kubeconfig'
        Set-Content $path 'old'
        Get-KinsKubeconfig test -OutFile $path -ErrorVariable failures -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failures[0].FullyQualifiedErrorId | Should -Be 'OutFileExists,Kins.PowerShell.Commands.GetKinsKubeconfigCommand'
        Get-Content $path | Should -Be 'old'
        Get-KinsKubeconfig test -OutFile $path -Force | Should -Not -BeNullOrEmpty
        Get-Content -Raw $path | Should -Match 'token:'
    }

    It 'merges several units into one file with a context per unit' {
        $path = Join-Path $TestDrive 'merged.kubeconfig'
        $null = Get-NodeUnit test, site-0001 | Get-KinsKubeconfig -OutFile $path
        $contexts = (Invoke-Kubectl --kubeconfig $path config get-contexts -o name).Output -split "`n" | Sort-Object
        $contexts | Should -Be @('kins-site-0001', 'kins-test')
        $nodes = Invoke-Kubectl --kubeconfig $path --context kins-site-0001 get nodes -o name
        ($nodes.Output -split "`n" | Sort-Object) | Should -Be @('node/site-0001-node-1', 'node/site-0001-node-2', 'node/site-0001-node-3')
    }

    It 'emits YAML text with -AsYaml' {
        $yaml = Get-KinsKubeconfig test -AsYaml
        $yaml | Should -BeOfType [string]
        $yaml | Should -Match 'current-context: default'
    }

    It 'explains an L3 unit and creates no file' {
        $path = Join-Path $TestDrive 'l3.kubeconfig'
        Get-KinsKubeconfig site-0002 -OutFile $path -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitHasNoEdgeCluster,Kins.PowerShell.Commands.GetKinsKubeconfigCommand'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'Set-NodeUnitAutonomy -Name site-0002 -Level L4'
        Test-Path $path | Should -BeFalse
    }

    It 'gives one error for a missing unit in a pipeline and returns the rest' {
        $results = 'test', 'missing-unit', 'site-0001' | Get-KinsKubeconfig -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.NodeUnit | Should -Be @('test', 'site-0001')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitNotFound,Kins.PowerShell.Commands.GetKinsKubeconfigCommand'
        $failures[0].TargetObject | Should -Be 'missing-unit'
    }

    It 'reports a malformed kubeconfig as InvalidData without the token' {
        $null = Invoke-Kubectl patch cm site-0001-cm-kins -n kins-system --type merge -p '{"data":{"kubeconfig.conf":"clusters: [\n  token: abc"}}'
        Get-KinsKubeconfig site-0001 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'KinsKubeconfigInvalid,Kins.PowerShell.Commands.GetKinsKubeconfigCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $failures[0].Exception.Message | Should -Match 'line'
        $failures[0].Exception.Message | Should -Not -Match 'abc'
    }
}

Describe 'New-KinsProxyKubeconfig' {
    It 'builds the article''s cloud-side kubeconfig and warns once that TLS is not verified' {
        $kubeconfig = New-KinsProxyKubeconfig test -WarningVariable warnings -WarningAction SilentlyContinue
        $kubeconfig.Kind | Should -Be 'CloudProxy'
        $kubeconfig.Server | Should -Be 'https://test-svc-kins.kins-system:443'
        $kubeconfig.ProxyUrl | Should -Be "http://127.0.0.1:$proxyPort"
        $kubeconfig.Yaml | Should -Match 'insecure-skip-tls-verify: true'
        $kubeconfig.Token | Should -Be $token
        $warnings.Count | Should -Be 1
        $warnings[0] | Should -Match 'TLS'
    }

    It 'reaches the edge cluster through the tunnel with kubectl' {
        $path = Join-Path $TestDrive 'cloud.kubeconfig'
        $null = New-KinsProxyKubeconfig test -OutFile $path -WarningAction SilentlyContinue
        $nodes = Invoke-Kubectl --kubeconfig $path get nodes -o name
        $nodes.ExitCode | Should -Be 0 -Because $nodes.Output
        ($nodes.Output -split "`n" | Sort-Object) | Should -Be @('node/edge1', 'node/edge2', 'node/edge3')
    }

    It 'reaches the edge cluster through the tunnel with our own client (proxy-url)' {
        $path = Join-Path $TestDrive 'cloud-own.kubeconfig'
        $null = New-KinsProxyKubeconfig test -OutFile $path -WarningAction SilentlyContinue
        # The edge cluster has no NodeUnit CRD: our client reached it through the proxy when it says so.
        { Get-NodeUnit -Kubeconfig $path -ErrorAction Stop } | Should -Throw -ErrorId 'NodeUnitCrdNotInstalled,Kins.PowerShell.Commands.GetNodeUnitCommand' -ExpectedMessage '*test-svc-kins*'
    }

    It 'uses the Service''s ClusterIP with -UseServiceIP and tunnel-cloud''s ClusterIP with -InCluster' {
        $serviceIp = (Invoke-Kubectl get svc test-svc-kins -n kins-system -o 'jsonpath={.spec.clusterIP}').Output
        $tunnelIp = (Invoke-Kubectl get svc tunnel-cloud -n edge-system -o 'jsonpath={.spec.clusterIP}').Output
        $kubeconfig = New-KinsProxyKubeconfig test -UseServiceIP -InCluster -WarningAction SilentlyContinue
        $kubeconfig.Server | Should -Be "https://${serviceIp}:443"
        $kubeconfig.ProxyUrl | Should -Be "http://${tunnelIp}:8080"
    }

    It 'takes -ProxyUrl as given' {
        (New-KinsProxyKubeconfig test -ProxyUrl 'http://10.1.2.3:31469' -WarningAction SilentlyContinue).ProxyUrl | Should -Be 'http://10.1.2.3:31469'
    }

    It 'explains an L3 unit' {
        New-KinsProxyKubeconfig site-0002 -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitHasNoEdgeCluster,Kins.PowerShell.Commands.NewKinsProxyKubeconfigCommand'
    }
}

Describe 'A promoted unit with the cloud link cut' {
    BeforeAll {
        $script:edgeFile = Join-Path $TestDrive 'offline-edge.kubeconfig'
        $script:cloudFile = Join-Path $TestDrive 'offline-cloud.kubeconfig'
        $null = Get-KinsKubeconfig test -OutFile $edgeFile
        $null = New-KinsProxyKubeconfig test -OutFile $cloudFile -WarningAction SilentlyContinue
        $sandbox | Set-KinsSandbox -CloudLink Offline
    }
    AfterAll { $sandbox | Set-KinsSandbox -CloudLink Online }

    It 'keeps serving its edge cluster' {
        $nodes = Invoke-Kubectl --kubeconfig $edgeFile get nodes -o name
        $nodes.ExitCode | Should -Be 0 -Because $nodes.Output
        ($nodes.Output -split "`n" | Sort-Object) | Should -Be @('node/edge1', 'node/edge2', 'node/edge3')
    }

    It 'cannot be reached from the cloud, and Kins says the cluster is unreachable' {
        (Invoke-Kubectl --kubeconfig $cloudFile --request-timeout 5s get nodes -o name).ExitCode | Should -Not -Be 0
        { Get-NodeUnit test -ErrorAction Stop } | Should -Throw -ErrorId 'ClusterUnreachable,Kins.PowerShell.Commands.GetNodeUnitCommand'
    }

    It 'is reachable again once the link is restored' {
        $sandbox | Set-KinsSandbox -CloudLink Online
        (Get-NodeUnit test).KinsState | Should -Be 'Ready'
    }
}

Describe 'New-KinsProxyKubeconfig without tunnel-cloud' {
    BeforeAll {
        $null = Invoke-Kubectl delete svc tunnel-cloud -n edge-system
    }

    It 'says that tunnel-cloud is missing and how to proceed' {
        New-KinsProxyKubeconfig test -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'TunnelCloudNotFound,Kins.PowerShell.Commands.NewKinsProxyKubeconfigCommand'
        $failures[0].ErrorDetails.RecommendedAction | Should -Match '-ProxyUrl'
    }
}
