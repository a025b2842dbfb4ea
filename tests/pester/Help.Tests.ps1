# Help: every exported cmdlet has full help (generated at build from module/help by build/New-KinsHelp.ps1),
# and about_Kins is found. Run after a build: the MAML lands in <module base>/en-US.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $manifest = Import-PowerShellDataFile (Join-Path (Get-KinsRepoRoot) 'Kins.psd1')
    $script:cmdletCases = @($manifest.CmdletsToExport | ForEach-Object { @{ Cmdlet = $_ } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-KinsModule
    if (-not (Get-Command Get-NodeUnit -ErrorAction Ignore)) {
        # Import-KinsModule without -Global imports into TestHelpers' own scope; make the cmdlets visible here.
        Import-Module (Join-Path (Get-KinsRepoRoot) 'Kins.psd1') -ErrorAction Stop
    }
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters

    function Get-HelpText($Paragraphs) {
        (@($Paragraphs) | ForEach-Object { if ($_ -is [string]) { $_ } else { $_.Text } }) -join "`n"
    }
}

Describe 'Help of <Cmdlet>' -ForEach $cmdletCases {
    BeforeAll {
        $command = Get-Command $Cmdlet -Module Kins
        $help = Get-Help $Cmdlet -Full
        $documented = @{}
        foreach ($parameter in @($help.parameters.parameter)) {
            if ($parameter) { $documented[$parameter.name] = $parameter }
        }
    }

    It 'comes from the MAML file, not from the generated stub' {
        # Without a help file, Get-Help makes up a synopsis from the syntax and has no description.
        $help.Name | Should -Be $Cmdlet
        $help.ModuleName | Should -Be 'Kins'
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis.Trim() | Should -Not -BeLike "$Cmdlet *"
        $help.Synopsis.Trim() | Should -Not -BeLike "$Cmdlet"
    }

    It 'has a description' {
        Get-HelpText $help.description | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter (common ones aside)' {
        $parameters = $command.Parameters.Keys | Where-Object { $_ -notin $common }
        foreach ($name in $parameters) {
            $documented.ContainsKey($name) | Should -BeTrue -Because "-$name is a parameter of $Cmdlet"
            Get-HelpText $documented[$name].description | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }

    It 'documents no parameter the cmdlet does not have' {
        foreach ($name in $documented.Keys) {
            $command.Parameters.Keys | Should -Contain $name -Because "the help of $Cmdlet documents -$name"
        }
    }

    It 'shows one syntax per parameter set' {
        @($help.syntax.syntaxItem).Count | Should -Be $command.ParameterSets.Count
    }

    It 'has at least two examples, each with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            Get-HelpText $example.remarks | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents inputs and outputs and links to about_Kins' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterOrEqual 1
        @($help.returnValues.returnValue).Count | Should -BeGreaterOrEqual 1
        @($help.relatedLinks.navigationLink.linkText) | Should -Contain 'about_Kins'
    }
}

Describe 'about_Kins' {
    BeforeAll {
        $text = Get-Help about_Kins | Out-String
    }

    It 'is found by Get-Help after Import-Module' {
        $text | Should -Match 'about_Kins'
    }

    It 'explains the levels, the states, removal and the kubeconfigs' {
        foreach ($term in 'L3', 'L4', 'L5', 'Insufficient Ready Node', 'site.superedge.io/clear-cluster=yes',
            'Standard', 'Promoting', 'Ready', 'Degraded', 'Demoting', 'Deleting', 'Failed',
            'Get-KinsKubeconfig', 'New-KinsProxyKubeconfig', 'Remove-NodeUnit -Force', 'Start-KinsSandbox') {
            $text | Should -BeLike "*$term*"
        }
    }
}

Describe 'New-KinsHelp.ps1 keeps the help from rotting' {
    BeforeAll {
        $root = Get-KinsRepoRoot
        $script:generator = Join-Path $root 'build/New-KinsHelp.ps1'
        $script:sources = Join-Path $root 'module/help'

        function Invoke-Generator([string] $SourcePath) {
            $output = Join-Path $TestDrive ([guid]::NewGuid())
            try {
                & $generator -SourcePath $SourcePath -OutputPath $output 6>$null
                return @{ File = Join-Path $output 'Kins.PowerShell.dll-Help.xml'; Error = $null }
            }
            catch {
                return @{ File = $null; Error = $_.Exception.Message }
            }
        }

        function Copy-Sources {
            $copy = Join-Path $TestDrive ([guid]::NewGuid())
            Copy-Item $sources -Destination $copy -Recurse
            return $copy
        }
    }

    It 'writes well-formed MAML for every exported cmdlet from the sources' {
        $result = Invoke-Generator $sources
        $result.Error | Should -BeNullOrEmpty
        [xml] $maml = Get-Content -Raw $result.File
        $names = $maml.helpItems.command.details.name
        $names | Sort-Object | Should -Be ((Get-Module Kins).ExportedCmdlets.Keys | Sort-Object)
    }

    It 'fails, naming the cmdlet, when a cmdlet has no help source' {
        $copy = Copy-Sources
        Remove-Item (Join-Path $copy 'Remove-NodeUnit.help.psd1')
        $result = Invoke-Generator $copy
        $result.Error | Should -BeLike '*Remove-NodeUnit has no help source*'
        $result.File | Should -BeNullOrEmpty
    }

    It 'fails, naming the parameter, when a source lacks a parameter the cmdlet has' {
        $copy = Copy-Sources
        $file = Join-Path $copy 'Set-NodeUnitAutonomy.help.psd1'
        (Get-Content -Raw $file) -replace '(?m)^\s*ThrottleLimit\s*=.*$', '' | Set-Content $file
        $result = Invoke-Generator $copy
        $result.Error | Should -BeLike '*-ThrottleLimit of Set-NodeUnitAutonomy is not described*'
    }

    It 'fails when a source documents a parameter the cmdlet does not have' {
        $copy = Copy-Sources
        $file = Join-Path $copy 'Get-NodeUnit.help.psd1'
        (Get-Content -Raw $file) -replace 'Selector      =', "Namespace = 'gone'`n        Selector =" | Set-Content $file
        $result = Invoke-Generator $copy
        $result.Error | Should -BeLike '*describes parameter -Namespace*'
    }
}
