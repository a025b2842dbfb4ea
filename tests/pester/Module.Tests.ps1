BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-KinsModule
    $script:manifest = Import-PowerShellDataFile (Join-Path (Get-KinsRepoRoot) 'Kins.psd1')
}

Describe 'The Kins module' {
    It 'exports exactly the cmdlets its manifest lists' {
        $exported = (Get-Module Kins).ExportedCmdlets.Keys | Sort-Object
        $exported | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        (Get-Module Kins).ExportedFunctions.Count | Should -Be 0
        (Get-Module Kins).ExportedAliases.Count | Should -Be 0
    }

    It 'declares its compatibility and metadata' {
        $manifest.CompatiblePSEditions | Should -Be @('Core')
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'SuperEdge'
        $manifest.CmdletsToExport | Should -Not -Contain '*'
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        foreach ($name in $manifest.CmdletsToExport) {
            $name.Split('-')[0] | Should -BeIn $approved
        }
    }
}

Describe 'Cmdlet surface' {
    It 'Get-NodeUnit takes names by value and by property name, with wildcards, level and selector' {
        $command = Get-Command Get-NodeUnit
        $command | Should -HaveParameter Name -Type 'string[]'
        $command | Should -HaveParameter AutonomyLevel
        $command | Should -HaveParameter Selector -Type string
        $command | Should -HaveParameter Context -Type string
        $command | Should -HaveParameter Kubeconfig -Type string
        $name = $command.Parameters['Name'].Attributes | Where-Object { $_ -is [Parameter] }
        $name.ValueFromPipeline | Should -BeTrue
        $name.ValueFromPipelineByPropertyName | Should -BeTrue
        $command.Parameters['Name'].Attributes.TypeId.Name | Should -Contain 'SupportsWildcardsAttribute'
    }

    It '<Cmdlet> binds Name by value and Name, Context and Kubeconfig by property name' -ForEach @(
        @{ Cmdlet = 'Set-NodeUnitAutonomy' }
        @{ Cmdlet = 'Get-KinsKubeconfig' }
        @{ Cmdlet = 'New-KinsProxyKubeconfig' }
        @{ Cmdlet = 'Remove-NodeUnit' }
    ) {
        $command = Get-Command $Cmdlet
        $command | Should -HaveParameter Name -Type 'string[]' -Mandatory
        $name = $command.Parameters['Name'].Attributes | Where-Object { $_ -is [Parameter] }
        $name.ValueFromPipeline | Should -Contain $true
        $name.ValueFromPipelineByPropertyName | Should -Contain $true
        foreach ($parameter in 'Context', 'Kubeconfig') {
            ($command.Parameters[$parameter].Attributes | Where-Object { $_ -is [Parameter] }).ValueFromPipelineByPropertyName | Should -Contain $true
        }
    }

    It 'Set-NodeUnitAutonomy has the contract parameters' {
        $command = Get-Command Set-NodeUnitAutonomy
        $command | Should -HaveParameter AutonomyLevel -Mandatory
        $command.Parameters['AutonomyLevel'].Aliases | Should -Contain 'Level'
        $command | Should -HaveParameter Wait -Type switch
        $command | Should -HaveParameter Timeout -Type timespan
        $command | Should -HaveParameter ThrottleLimit -Type int
        $command | Should -HaveParameter PassThru -Type switch
        $command | Should -HaveParameter Force -Type switch
        ($command.Parameters['AutonomyLevel'].Attributes | Where-Object { $_ -is [ValidateSet] }).ValidValues | Should -Be @('L3', 'L4', 'L5')
    }

    It 'Get-KinsKubeconfig and New-KinsProxyKubeconfig have their output parameters' {
        foreach ($name in 'Get-KinsKubeconfig', 'New-KinsProxyKubeconfig') {
            $command = Get-Command $name
            $command | Should -HaveParameter OutFile -Type string
            $command | Should -HaveParameter Force -Type switch
            $command | Should -HaveParameter AsYaml -Type switch
        }
        $proxy = Get-Command New-KinsProxyKubeconfig
        $proxy | Should -HaveParameter ProxyUrl -Type uri
        $proxy | Should -HaveParameter InCluster -Type switch
        $proxy | Should -HaveParameter UseServiceIP -Type switch
    }

    It 'Remove-NodeUnit has Force and Wait' {
        $command = Get-Command Remove-NodeUnit
        $command | Should -HaveParameter Force -Type switch
        $command | Should -HaveParameter Wait -Type switch
    }

    It '<Cmdlet> supports -WhatIf and -Confirm with ConfirmImpact <Impact>' -ForEach @(
        @{ Cmdlet = 'Set-NodeUnitAutonomy'; Impact = 'Medium' }
        @{ Cmdlet = 'Remove-NodeUnit'; Impact = 'High' }
        @{ Cmdlet = 'New-NodeUnit'; Impact = 'Low' }
    ) {
        $command = Get-Command $Cmdlet
        $command | Should -HaveParameter WhatIf
        $command | Should -HaveParameter Confirm
        $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.SupportsShouldProcess | Should -BeTrue
        $attribute.ConfirmImpact | Should -Be $Impact
    }
}
