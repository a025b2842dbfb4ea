BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-TestSandbox
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $script:oldYaml = Join-Path $packages 'yamldotnet/11.2.1/lib/netstandard2.1/YamlDotNet.dll'
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Dependency isolation' {
    It 'imports and reads a kubeconfig after another module loaded an older YamlDotNet' {
        $oldYaml | Should -Not -BeNullOrEmpty -Because 'build/tools.proj restores YamlDotNet 11.2.1 for this test'
        $script = @"
`$ErrorActionPreference = 'Stop'
Add-Type -Path '$oldYaml'
Import-Module '$(Join-Path (Get-KinsRepoRoot) 'Kins.psd1')'
`$unit = Get-NodeUnit test -Kubeconfig '$($sandbox.Kubeconfig)'
`$yaml = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' } | ForEach-Object { `$_.GetName().Version.Major }
[pscustomobject]@{ Unit = `$unit.Name; YamlMajors = @(`$yaml | Sort-Object) } | ConvertTo-Json -Compress
"@
        $command = [Environment]::ProcessPath
        [string[]] $arguments = if ([IO.Path]::GetFileNameWithoutExtension($command) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
        $output = & $command @arguments -NoProfile -NonInteractive -Command $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        $result = ($output | Select-Object -Last 1) | ConvertFrom-Json
        $result.Unit | Should -Be 'test'
        $result.YamlMajors | Should -Be @(11, 18)
    }

    It 'loads Kins.Core and its dependencies into a private load context' {
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Kins.Core' }
        [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core).Name | Should -Be 'Kins.Dependencies'
    }
}
