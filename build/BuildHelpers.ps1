# Helpers for build.ps1: each function does one step of a task.

$PesterVersion = '5.7.1'

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Native {
    # Runs a program and stops the build when it fails.
    $command, $arguments = $args
    & $command @arguments
    if ($LASTEXITCODE -ne 0) { throw "'$command $($arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Get-PwshCommand {
    # The PowerShell running this build: `dotnet pwsh` runs pwsh.dll under the dotnet host.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($process)
}

function Invoke-ChildPwsh {
    # A fresh PowerShell process, so module loading is tested as a user would see it.
    param([Parameter(Mandatory)] [string] $File, [string[]] $ArgumentList = @())
    # Keep the leading arguments an array: splatting a lone string would splat its characters.
    $command = @(Get-PwshCommand)
    $exe = $command[0]
    $prefix = @($command | Select-Object -Skip 1)
    & $exe @prefix -NoProfile -NonInteractive -File $File @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$([IO.Path]::GetFileName($File)) failed with exit code $LASTEXITCODE." }
}

function Publish-Module {
    # Lays the module out as the ALC bridge needs it: the cmdlet assembly in module/bin, the engine
    # (Kins.Core) and every dependency in module/bin/dependencies, the sandbox in module/bin/sandbox.
    param([string] $Root, [string] $Configuration, [string] $ModuleBin, [string] $Artifacts)
    $publish = Join-Path $Artifacts 'publish'
    Remove-Item $publish, $ModuleBin -Recurse -Force -ErrorAction Ignore
    Invoke-Native dotnet publish (Join-Path $Root 'src/Kins.PowerShell') -c $Configuration --no-build --nologo --verbosity quiet -o (Join-Path $publish 'module')
    Invoke-Native dotnet publish (Join-Path $Root 'src/Kins.Sandbox') -c $Configuration --no-build --nologo --verbosity quiet -o (Join-Path $ModuleBin 'sandbox')

    $dependencies = Join-Path $ModuleBin 'dependencies'
    $null = New-Item -ItemType Directory -Force -Path $dependencies
    foreach ($file in Get-ChildItem (Join-Path $publish 'module') -File) {
        $target = if ($file.Name -like 'Kins.PowerShell.*') { $ModuleBin } else { $dependencies }
        Copy-Item $file.FullName -Destination $target
    }
    # PowerShell itself provides System.Management.Automation; a copy of the reference assembly must not ship.
    Remove-Item (Join-Path $dependencies 'System.Management.Automation.dll') -ErrorAction Ignore

    $helpScript = Join-Path $Root 'build/New-KinsHelp.ps1'
    if (Test-Path $helpScript) {
        & $helpScript -SourcePath (Join-Path $Root 'module/help') -OutputPath (Join-Path $Root 'en-US')
    }
}

function Assert-Kubectl {
    if (-not (Get-Command kubectl -CommandType Application -ErrorAction Ignore)) {
        throw 'kubectl is not on PATH. The conformance tests run the real kubectl against the sandbox; install kubectl 1.32 and run the tests again.'
    }
}

function Read-TrxCounts([string] $Path) {
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; FailedNames = @() }
    if (-not (Test-Path $Path)) { return $counts }
    [xml] $trx = Get-Content -Raw $Path
    $counters = $trx.TestRun.ResultSummary.Counters
    $counts.Passed = [int] $counters.passed
    $counts.Failed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
    $counts.Skipped = [int] $counters.notExecuted
    # CI shows only the end of the log: each failure is named again there, with its message's first line.
    $counts.FailedNames = @($trx.TestRun.Results.UnitTestResult | Where-Object outcome -ne 'Passed' | Where-Object outcome -ne 'NotExecuted' |
        ForEach-Object { "$($_.testName): $((@($_.Output.ErrorInfo.Message) + '')[0] -split "`n" | Select-Object -First 1)" })
    return $counts
}

function Get-PesterModulePath {
    param([string] $Root)
    Invoke-Native dotnet restore (Join-Path $Root 'build/tools.proj') --nologo --verbosity quiet
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $manifest = Join-Path $packages "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $PesterVersion was not restored to $manifest." }
    return $manifest
}

function Invoke-PesterSuite {
    # Runs tests/pester and the examples' tests in a child PowerShell and returns its counts.
    param([string] $Root, [string] $ResultFile)
    $pesterManifest = Get-PesterModulePath -Root $Root
    Remove-Item $ResultFile -ErrorAction Ignore
    $runner = Join-Path $Root 'build/Invoke-PesterSuite.ps1'
    # Keep the leading arguments an array: splatting a lone string would splat its characters.
    $command = @(Get-PwshCommand)
    $exe = $command[0]
    $prefix = @($command | Select-Object -Skip 1)
    # Out-Host: the runner's output is for the reader, not part of what this function returns.
    & $exe @prefix -NoProfile -NonInteractive -File $runner -PesterManifest $pesterManifest -Root $Root -ResultFile $ResultFile | Out-Host
    $exitCode = $LASTEXITCODE
    $counts = [ordered]@{ Passed = 0; Failed = 0; Skipped = 0; FailedNames = @() }
    if (Test-Path $ResultFile) {
        $result = Get-Content -Raw $ResultFile | ConvertFrom-Json
        $counts.Passed = [int] $result.Passed
        $counts.Failed = [int] $result.Failed
        $counts.Skipped = [int] $result.Skipped
        $counts.FailedNames = @($result.FailedNames)
    }
    if ($exitCode -ne 0 -and $counts.Failed -eq 0) {
        $counts.Failed = 1
        $counts.FailedNames = @("Pester exited with $exitCode without a failed test (runner crash?)")
    }
    return $counts
}

function Export-ModulePackage {
    # out/Kins/<version>/ holds the manifest and module/ exactly as in the repo, so its relative paths resolve;
    # the .nupkg is made by PSResourceGet from that folder into a local repository.
    param([string] $Root, [string] $Output)
    $manifest = Import-PowerShellDataFile (Join-Path $Root 'Kins.psd1')
    $version = $manifest.ModuleVersion
    $target = Join-Path $Output "Kins/$version"
    Remove-Item (Join-Path $Output 'Kins') -Recurse -Force -ErrorAction Ignore
    $null = New-Item -ItemType Directory -Force -Path $target
    Copy-Item (Join-Path $Root 'Kins.psd1') -Destination $target
    Copy-Item (Join-Path $Root 'module') -Destination $target -Recurse
    Remove-Item (Join-Path $target 'module/help') -Recurse -Force -ErrorAction Ignore
    foreach ($extra in 'en-US', 'README.md', 'LICENSE') {
        $path = Join-Path $Root $extra
        if (Test-Path $path) { Copy-Item $path -Destination $target -Recurse }
    }

    $repository = Join-Path $Output 'repository'
    $null = New-Item -ItemType Directory -Force -Path $repository
    $repoName = 'KinsLocalBuild'
    Unregister-PSResourceRepository -Name $repoName -ErrorAction Ignore
    Register-PSResourceRepository -Name $repoName -Uri $repository -Trusted
    try {
        Get-ChildItem $repository -Filter 'Kins.*.nupkg' | Remove-Item -Force
        Publish-PSResource -Path $target -Repository $repoName -SkipDependenciesCheck
    }
    finally {
        Unregister-PSResourceRepository -Name $repoName -ErrorAction Ignore
    }
    Write-Host "Module folder: $target"
    Write-Host "Package:       $(Get-ChildItem $repository -Filter 'Kins.*.nupkg' | Select-Object -First 1 -ExpandProperty FullName)"
    Write-Host "Install it:    Register-PSResourceRepository -Name Kins -Uri '$repository' -Trusted; Install-PSResource Kins -Repository Kins"
}
