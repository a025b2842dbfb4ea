# Every example of the cmdlet help runs against a sandbox, in a folder of its own, and prints what the help shows.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'HelpExamples.psm1') -Force
    $script:exampleCases = foreach ($file in Get-ChildItem (Join-Path (Get-KinsRepoRoot) 'module/help') -Filter '*.help.psd1') {
        $source = Import-PowerShellDataFile $file.FullName
        $n = 0
        foreach ($example in $source.Examples) {
            $n++
            @{ Cmdlet = $file.Name -replace '\.help\.psd1$', ''; Number = $n; Title = $example.Title; Example = $example }
        }
    }
    $about = Join-Path (Get-KinsRepoRoot) 'en-US'
    $setups = (Import-PowerShellDataFile (Join-Path $about 'about_Kins.examples.psd1')).Examples
    $n = 0
    $script:aboutCases = foreach ($block in Get-AboutExample (Get-Content -Raw (Join-Path $about 'about_Kins.help.txt'))) {
        $example = if ($n -lt $setups.Count) { $setups[$n].Clone() } else { @{} }
        $example.Code = $block.Code
        $example.Output = $block.Output
        $n++
        @{ Number = $n; Example = $example; FirstLine = ($block.Code -split "`n")[0]; HasSetup = $n -le $setups.Count }
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

Describe 'Example <Number> of about_Kins: <FirstLine>' -ForEach $aboutCases {
    It 'runs and prints what about_Kins shows' {
        $HasSetup | Should -BeTrue -Because 'every example block of about_Kins has an entry in about_Kins.examples.psd1'
        $result = Invoke-HelpExample -Example $Example -Folder (Join-Path $TestDrive "about-$Number")
        $difference = Test-ExampleOutput -Expected "$($Example.Output)" -Actual $result.Printed
        $difference | Should -BeNullOrEmpty -Because "the example printed:`n$($result.Printed)"
    }
}
