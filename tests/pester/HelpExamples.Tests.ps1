# Every example of the cmdlet help runs against a sandbox, in a folder of its own, and prints what the help shows.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:exampleCases = foreach ($file in Get-ChildItem (Join-Path (Get-KinsRepoRoot) 'module/help') -Filter '*.help.psd1') {
        $source = Import-PowerShellDataFile $file.FullName
        $n = 0
        foreach ($example in $source.Examples) {
            $n++
            @{ Cmdlet = $file.Name -replace '\.help\.psd1$', ''; Number = $n; Title = $example.Title; Example = $example }
        }
    }
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HelpExamples.psm1') -Force
    Import-KinsModule
}

Describe 'Example <Number> of <Cmdlet>: <Title>' -ForEach $exampleCases {
    It 'runs and prints what the help shows' {
        $result = Invoke-HelpExample -Example $Example -Folder (Join-Path $TestDrive "$Cmdlet-$Number")
        $result.Failure | Should -BeNullOrEmpty
        $difference = Test-ExampleOutput -Expected "$($Example.Output)" -Actual $result.Printed
        $difference | Should -BeNullOrEmpty -Because "the example printed:`n$($result.Printed)"
    }
}
