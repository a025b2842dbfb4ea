#Requires -Version 7.4
<#
.SYNOPSIS
    Generates Kins's MAML help file (Kins.PowerShell.dll-Help.xml) from the readable sources in module/help.
.DESCRIPTION
    Each exported cmdlet has one source, module/help/<Cmdlet>.help.psd1 (a PowerShell data file: synopsis,
    description, parameter descriptions, examples, inputs, outputs, notes, links). Parameters shared by
    many cmdlets (-Context, -Kubeconfig, -WhatIf, -Confirm) are described once in
    module/help/CommonParameters.psd1; a cmdlet's source may describe them again to say more.

    The syntax and every parameter's metadata (type, position, mandatory, pipeline input, wildcards,
    aliases, accepted values, default value) are read from the compiled cmdlets, in a child PowerShell that
    imports the module, so the help always matches the code. The build fails, listing every problem, when
    a cmdlet has no source, a source describes no cmdlet, a source lacks a synopsis, a description, two
    examples, inputs or outputs, or when a parameter is undocumented or documented but gone.

    PowerShell looks for a binary module's MAML in <module base>/<culture>/ (the module base is the folder
    of Kins.psd1, the repo root), not beside the assembly: write it to <repo root>/en-US.
.PARAMETER SourcePath
    The folder of help sources (module/help).
.PARAMETER OutputPath
    The folder to write Kins.PowerShell.dll-Help.xml into (<repo root>/en-US).
.PARAMETER ManifestPath
    The module manifest to import to read the cmdlets (default: Kins.psd1 at the repo root).
.EXAMPLE
    ./build/New-KinsHelp.ps1 -SourcePath ./module/help -OutputPath ./en-US
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $SourcePath,
    [Parameter(Mandatory)] [string] $OutputPath,
    [string] $ManifestPath = (Join-Path $PSScriptRoot '../Kins.psd1')
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$HelpFileName = 'Kins.PowerShell.dll-Help.xml'
$SourceKeys = 'Synopsis', 'Description', 'Parameters', 'Examples', 'Inputs', 'Outputs', 'Notes', 'Links'
$RequiredKeys = 'Synopsis', 'Description', 'Parameters', 'Examples', 'Inputs', 'Outputs'

#region Reading the compiled cmdlets
function Get-PwshInvocation {
    # The PowerShell running this script: `dotnet pwsh` runs pwsh.dll under the dotnet host.
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        return @($process, (Join-Path $PSHOME 'pwsh.dll'))
    }
    return @($process)
}

# Runs in a fresh PowerShell so that this (build) process never loads the module's assemblies.
$inspector = {
    $ErrorActionPreference = 'Stop'
    $module = Import-Module $env:KINS_HELP_MANIFEST -PassThru
    $common = [System.Management.Automation.Cmdlet]::CommonParameters

    function Get-FriendlyTypeName([type] $Type) {
        if ($Type.IsArray) { return (Get-FriendlyTypeName $Type.GetElementType()) + '[]' }
        if ($Type.IsGenericType -and $Type.GetGenericTypeDefinition() -eq [Nullable`1]) {
            return Get-FriendlyTypeName $Type.GetGenericArguments()[0]
        }
        return $Type.Name
    }

    function Format-Default($Value) {
        if ($null -eq $Value) { return $null }
        if ($Value -is [System.Management.Automation.SwitchParameter]) { return [string] $Value.IsPresent }
        if ($Value -is [Array]) { if ($Value.Count -eq 0) { return $null } else { return ($Value -join ', ') } }
        if ($Value -is [string] -and $Value -eq '') { return $null }
        return [string] $Value
    }

    $commands = foreach ($name in $module.ExportedCmdlets.Keys | Sort-Object) {
        $command = Get-Command -Name $name -Module $module.Name
        $instance = try { [Activator]::CreateInstance($command.ImplementingType) } catch { $null }
        $cmdletAttribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true) | Select-Object -First 1

        $parameters = foreach ($parameter in $command.Parameters.Values) {
            if ($parameter.Name -in $common) { continue }
            $default = $null
            if ($instance) {
                $property = $command.ImplementingType.GetProperty($parameter.Name)
                if ($property) { $default = Format-Default $property.GetValue($instance) }
            }
            if ($null -eq $default -and $parameter.SwitchParameter) { $default = 'False' }
            $validateSet = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | Select-Object -First 1
            [ordered]@{
                Name          = $parameter.Name
                Type          = Get-FriendlyTypeName $parameter.ParameterType
                FullType      = $(if ($parameter.ParameterType.FullName) { $parameter.ParameterType.FullName } else { $parameter.ParameterType.Name })
                IsSwitch      = $parameter.SwitchParameter
                Aliases       = @($parameter.Aliases)
                Wildcards     = [bool] ($parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
                ValidValues   = @(if ($validateSet) { $validateSet.ValidValues })
                DefaultValue  = $default
                # WhatIf and Confirm come from SupportsShouldProcess and carry no ParameterAttribute of the class.
                IsRiskMitigation = $parameter.Name -in 'WhatIf', 'Confirm'
            }
        }

        $sets = foreach ($set in $command.ParameterSets) {
            [ordered]@{
                Name       = $set.Name
                IsDefault  = $set.IsDefault
                Parameters = @(foreach ($p in $set.Parameters) {
                        if ($p.Name -in $common) { continue }
                        [ordered]@{
                            Name                = $p.Name
                            Position            = $p.Position
                            Mandatory           = $p.IsMandatory
                            ByValue             = $p.ValueFromPipeline
                            ByPropertyName      = $p.ValueFromPipelineByPropertyName
                        }
                    })
            }
        }

        [ordered]@{
            Name          = $command.Name
            Verb          = $command.Verb
            Noun          = $command.Noun
            ConfirmImpact = $(if ($cmdletAttribute -and $cmdletAttribute.SupportsShouldProcess) { [string] $cmdletAttribute.ConfirmImpact })
            Parameters    = @($parameters)
            ParameterSets = @($sets)
        }
    }
    ConvertTo-Json -InputObject @($commands) -Depth 10 | Set-Content -LiteralPath $env:KINS_HELP_OUTPUT -Encoding utf8
}

function Get-CompiledCmdlet([string] $Manifest) {
    $json = [IO.Path]::GetTempFileName()
    $env:KINS_HELP_MANIFEST = (Resolve-Path $Manifest).Path
    $env:KINS_HELP_OUTPUT = $json
    try {
        # Splat an array: splatting a lone string passes it character by character.
        $pwsh = @(Get-PwshInvocation)
        $prefix = [string[]] @($pwsh | Select-Object -Skip 1)
        & $pwsh[0] @prefix -NoProfile -NonInteractive -Command $inspector.ToString()
        if ($LASTEXITCODE -ne 0) {
            throw "New-KinsHelp: could not import $Manifest to read its cmdlets (exit code $LASTEXITCODE). Build the module into module/bin first."
        }
        return @(Get-Content -Raw -LiteralPath $json | ConvertFrom-Json)
    }
    finally {
        Remove-Item -LiteralPath $json -ErrorAction Ignore
        Remove-Item Env:KINS_HELP_MANIFEST, Env:KINS_HELP_OUTPUT -ErrorAction Ignore
    }
}
#endregion

#region Reading and checking the sources
function Read-HelpSource([string] $Path) {
    try { return Import-PowerShellDataFile -LiteralPath $Path }
    catch { throw "New-KinsHelp: $Path is not a valid PowerShell data file: $($_.Exception.Message)" }
}

function Get-ParameterEntry($Source, $Common, [string] $Name) {
    # A parameter entry is a description string, or @{ Description = '...'; DefaultValue = '...' }.
    foreach ($table in @($Source.Parameters, $Common.Parameters)) {
        if ($table -and $table.Contains($Name)) {
            $entry = $table[$Name]
            if ($entry -is [string]) { return @{ Description = $entry } }
            return $entry
        }
    }
    return $null
}

function Test-HelpSource($Cmdlet, $Source, $Common, [string] $File) {
    $problems = [Collections.Generic.List[string]]::new()
    foreach ($key in $Source.Keys) {
        if ($key -notin $SourceKeys) { $problems.Add("${File}: unknown key '$key' (expected one of: $($SourceKeys -join ', ')).") }
    }
    foreach ($key in $RequiredKeys) {
        if (-not $Source.Contains($key) -or ($Source[$key] -is [string] -and [string]::IsNullOrWhiteSpace($Source[$key]))) {
            $problems.Add("${File}: '$key' is missing or empty.")
        }
    }
    $examples = @(if ($Source.Contains('Examples')) { $Source.Examples })
    if ($examples.Count -lt 2) { $problems.Add("${File}: has $($examples.Count) example(s); every cmdlet needs at least two.") }
    $i = 0
    foreach ($example in $examples) {
        $i++
        if ($example -isnot [hashtable] -or -not $example.Title -or -not $example.Code -or -not $example.Remarks) {
            $problems.Add("${File}: example $i needs Title, Code and Remarks.")
        }
    }
    foreach ($parameter in $Cmdlet.Parameters) {
        $entry = Get-ParameterEntry $Source $Common $parameter.Name
        if (-not $entry -or [string]::IsNullOrWhiteSpace([string] $entry.Description)) {
            $problems.Add("${File}: parameter -$($parameter.Name) of $($Cmdlet.Name) is not described (add it under Parameters).")
        }
    }
    if ($Source.Contains('Parameters') -and $Source.Parameters) {
        foreach ($name in $Source.Parameters.Keys) {
            if ($name -notin $Cmdlet.Parameters.Name) {
                $problems.Add("${File}: describes parameter -$name, which $($Cmdlet.Name) does not have (renamed or removed?).")
            }
        }
    }
    return $problems
}
#endregion

#region Writing MAML
$ns = @{
    maml    = 'http://schemas.microsoft.com/maml/2004/10'
    command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    dev     = 'http://schemas.microsoft.com/maml/dev/2004/10'
}

function Split-Paragraph([string] $Text) {
    # Blank lines separate paragraphs; inside one, lines are joined, except lines that start a list item
    # ("- " or "* ") or are indented (code), which keep their own line.
    if ([string]::IsNullOrWhiteSpace($Text)) { return @() }
    $blocks = ($Text.Trim() -replace "`r`n", "`n") -split "`n\s*`n"
    foreach ($block in $blocks) {
        $lines = $block -split "`n"
        $builder = [Text.StringBuilder]::new()
        foreach ($line in $lines) {
            if ($builder.Length -eq 0) { $null = $builder.Append($line.TrimEnd()) }
            elseif ($line -match '^\s*([-*] |\s{2,})') { $null = $builder.Append("`n").Append($line.TrimEnd()) }
            else { $null = $builder.Append(' ').Append($line.Trim()) }
        }
        $builder.ToString()
    }
}

function Write-Para([System.Xml.XmlWriter] $Writer, [string] $Text) {
    foreach ($paragraph in Split-Paragraph $Text) {
        $Writer.WriteElementString('maml', 'para', $ns.maml, $paragraph)
    }
}

function Write-Description([System.Xml.XmlWriter] $Writer, [string] $Text) {
    $Writer.WriteStartElement('maml', 'description', $ns.maml)
    Write-Para $Writer $Text
    $Writer.WriteEndElement()
}

function Get-PipelineInput([bool] $ByValue, [bool] $ByPropertyName) {
    $kinds = @(if ($ByValue) { 'ByValue' }; if ($ByPropertyName) { 'ByPropertyName' })
    if ($kinds.Count -eq 0) { return 'False' }
    return "True ($($kinds -join ', '))"
}

function Write-Parameter {
    param([System.Xml.XmlWriter] $Writer, $Parameter, $Entry, [bool] $Mandatory, $Position, [string] $PipelineInput, [switch] $InSyntax)
    $Writer.WriteStartElement('command', 'parameter', $ns.command)
    $Writer.WriteAttributeString('required', $Mandatory.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', ($Parameter.Type -like '*[[]]').ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', ([bool] $Parameter.Wildcards).ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', $PipelineInput)
    $Writer.WriteAttributeString('position', $(if ($null -eq $Position -or $Position -lt 0) { 'named' } else { [string] $Position }))
    $Writer.WriteAttributeString('aliases', $(if (@($Parameter.Aliases).Count) { @($Parameter.Aliases) -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.Name)
    Write-Description $Writer ([string] $Entry.Description)
    if (@($Parameter.ValidValues).Count) {
        $Writer.WriteStartElement('command', 'parameterValueGroup', $ns.command)
        foreach ($value in $Parameter.ValidValues) {
            $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
            $Writer.WriteAttributeString('required', 'false')
            $Writer.WriteAttributeString('variableLength', 'false')
            $Writer.WriteString($value)
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }
    if (-not ($InSyntax -and $Parameter.IsSwitch)) {
        $Writer.WriteStartElement('command', 'parameterValue', $ns.command)
        $Writer.WriteAttributeString('required', (-not $Parameter.IsSwitch).ToString().ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', ($Parameter.Type -like '*[[]]').ToString().ToLowerInvariant())
        $Writer.WriteString($Parameter.Type)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $ns.dev)
    $Writer.WriteElementString('maml', 'name', $ns.maml, $Parameter.FullType)
    $Writer.WriteElementString('maml', 'uri', $ns.maml, '')
    $Writer.WriteEndElement()
    # A mandatory parameter has no default (its property's initial value is never used).
    $default = if ($Entry.Contains('DefaultValue')) { [string] $Entry.DefaultValue } elseif ($Mandatory) { 'None' } elseif ($null -ne $Parameter.DefaultValue) { [string] $Parameter.DefaultValue } else { 'None' }
    $Writer.WriteElementString('dev', 'defaultValue', $ns.dev, $default)
    $Writer.WriteEndElement()
}

function Get-SyntaxOrder($Set, $Cmdlet) {
    # Positional parameters by position, then mandatory named ones, then the rest as declared; WhatIf and Confirm last.
    $items = @($Set.Parameters)
    $positional = @($items | Where-Object { $_.Position -ge 0 } | Sort-Object Position)
    $mandatory = @($items | Where-Object { $_.Position -lt 0 -and $_.Mandatory })
    $risk = @($items | Where-Object { $_.Position -lt 0 -and -not $_.Mandatory -and $_.Name -in 'WhatIf', 'Confirm' } | Sort-Object Name -Descending)
    $rest = @($items | Where-Object { $_.Position -lt 0 -and -not $_.Mandatory -and $_.Name -notin 'WhatIf', 'Confirm' })
    return @($positional) + $mandatory + $rest + $risk
}

function Write-Command([System.Xml.XmlWriter] $Writer, $Cmdlet, $Source, $Common) {
    $Writer.WriteStartElement('command', 'command', $ns.command)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $ns.maml)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $ns.dev)

    $Writer.WriteStartElement('command', 'details', $ns.command)
    $Writer.WriteElementString('command', 'name', $ns.command, $Cmdlet.Name)
    $Writer.WriteElementString('command', 'verb', $ns.command, $Cmdlet.Verb)
    $Writer.WriteElementString('command', 'noun', $ns.command, $Cmdlet.Noun)
    Write-Description $Writer $Source.Synopsis
    $Writer.WriteEndElement()

    Write-Description $Writer $Source.Description

    $byName = @{}
    foreach ($parameter in $Cmdlet.Parameters) { $byName[$parameter.Name] = $parameter }

    $Writer.WriteStartElement('command', 'syntax', $ns.command)
    $sets = @($Cmdlet.ParameterSets | Sort-Object { -not $_.IsDefault }, Name)
    foreach ($set in $sets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $ns.command)
        $Writer.WriteElementString('maml', 'name', $ns.maml, $Cmdlet.Name)
        foreach ($p in Get-SyntaxOrder $set $Cmdlet) {
            $parameter = $byName[$p.Name]
            Write-Parameter -Writer $Writer -Parameter $parameter -Entry (Get-ParameterEntry $Source $Common $p.Name) `
                -Mandatory $p.Mandatory -Position $p.Position -PipelineInput (Get-PipelineInput $p.ByValue $p.ByPropertyName) -InSyntax
        }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'parameters', $ns.command)
    foreach ($parameter in $Cmdlet.Parameters | Sort-Object Name) {
        # Across parameter sets: mandatory if mandatory in every set, the position if all sets agree, pipeline input of any set.
        $uses = @(foreach ($set in $Cmdlet.ParameterSets) { $set.Parameters | Where-Object Name -EQ $parameter.Name })
        $mandatory = @($uses | Where-Object { -not $_.Mandatory }).Count -eq 0
        $positions = @($uses.Position | Sort-Object -Unique)
        $position = if ($positions.Count -eq 1) { $positions[0] } else { -1 }
        $pipeline = Get-PipelineInput ([bool] ($uses | Where-Object ByValue)) ([bool] ($uses | Where-Object ByPropertyName))
        Write-Parameter -Writer $Writer -Parameter $parameter -Entry (Get-ParameterEntry $Source $Common $parameter.Name) `
            -Mandatory $mandatory -Position $position -PipelineInput $pipeline
    }
    $Writer.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', 'Inputs'), @('returnValues', 'returnValue', 'Outputs'))) {
        $Writer.WriteStartElement('command', $kind[0], $ns.command)
        foreach ($item in @($Source[$kind[2]])) {
            $type, $description = if ($item -is [hashtable]) { $item.Type, $item.Description } else { [string] $item, '' }
            $Writer.WriteStartElement('command', $kind[1], $ns.command)
            $Writer.WriteStartElement('dev', 'type', $ns.dev)
            $Writer.WriteElementString('maml', 'name', $ns.maml, $type)
            $Writer.WriteEndElement()
            Write-Description $Writer $description
            $Writer.WriteEndElement()
        }
        $Writer.WriteEndElement()
    }

    $Writer.WriteStartElement('maml', 'alertSet', $ns.maml)
    $Writer.WriteStartElement('maml', 'alert', $ns.maml)
    $notes = [string] $Source['Notes']
    if ($Cmdlet.ConfirmImpact) {
        $notes = "$notes`n`nThis cmdlet supports -WhatIf and -Confirm; its ConfirmImpact is $($Cmdlet.ConfirmImpact)."
    }
    Write-Para $Writer $notes
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $ns.command)
    $n = 0
    foreach ($example in $Source.Examples) {
        $n++
        $Writer.WriteStartElement('command', 'example', $ns.command)
        $Writer.WriteElementString('maml', 'title', $ns.maml, "---------- Example ${n}: $($example.Title) ----------")
        # What the example prints follows its code, as in PowerShell's own help; Setup and Sandbox are for the test suite only.
        $code = $example.Code.Trim()
        if ($example.Contains('Output') -and $example.Output) { $code += "`n`n" + $example.Output.Trim() }
        $Writer.WriteElementString('dev', 'code', $ns.dev, $code)
        $Writer.WriteStartElement('dev', 'remarks', $ns.dev)
        Write-Para $Writer $example.Remarks
        # An empty paragraph puts a blank line between one example's remarks and the next title.
        $Writer.WriteElementString('maml', 'para', $ns.maml, '')
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $ns.command)
    foreach ($link in @($Source['Links'])) {
        if ($null -eq $link) { continue }
        $text, $uri = if ($link -is [hashtable]) { $link.Text, $link.Uri } else { [string] $link, '' }
        $Writer.WriteStartElement('maml', 'navigationLink', $ns.maml)
        $Writer.WriteElementString('maml', 'linkText', $ns.maml, $text)
        $Writer.WriteElementString('maml', 'uri', $ns.maml, [string] $uri)
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteEndElement()
}
#endregion

$SourcePath = (Resolve-Path $SourcePath).Path
$cmdlets = Get-CompiledCmdlet $ManifestPath
$commonFile = Join-Path $SourcePath 'CommonParameters.psd1'
$common = if (Test-Path $commonFile) { Read-HelpSource $commonFile } else { @{ Parameters = @{} } }

$problems = [Collections.Generic.List[string]]::new()
$sources = @{}
foreach ($file in Get-ChildItem -LiteralPath $SourcePath -Filter '*.help.psd1' -File) {
    $name = $file.Name -replace '\.help\.psd1$'
    if ($name -notin $cmdlets.Name) {
        $problems.Add("$($file.Name): there is no exported cmdlet $name (renamed or removed? delete or rename this source).")
        continue
    }
    $sources[$name] = Read-HelpSource $file.FullName
}
foreach ($cmdlet in $cmdlets) {
    $file = "$($cmdlet.Name).help.psd1"
    if (-not $sources.ContainsKey($cmdlet.Name)) {
        $problems.Add("$($cmdlet.Name) has no help source: create $(Join-Path $SourcePath $file) (copy another cmdlet's source as a start).")
        continue
    }
    foreach ($problem in Test-HelpSource $cmdlet $sources[$cmdlet.Name] $common $file) { $problems.Add($problem) }
}
if ($problems.Count) {
    # One readable line per problem in the build log; the exception carries the same list.
    foreach ($problem in $problems) { Write-Host "New-KinsHelp: $problem" -ForegroundColor Red }
    throw "New-KinsHelp: the help sources in $SourcePath do not match the cmdlets:`n  - $($problems -join "`n  - ")"
}

$null = New-Item -ItemType Directory -Force -Path $OutputPath
$target = Join-Path (Resolve-Path $OutputPath).Path $HelpFileName
$temporary = "$target.tmp"
$settings = [System.Xml.XmlWriterSettings]::new()
$settings.Indent = $true
$settings.Encoding = [Text.UTF8Encoding]::new($false)
$writer = [System.Xml.XmlWriter]::Create($temporary, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($cmdlet in $cmdlets | Sort-Object Name) {
        Write-Command $writer $cmdlet $sources[$cmdlet.Name] $common
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally {
    $writer.Dispose()
}
Move-Item -LiteralPath $temporary -Destination $target -Force
Write-Verbose "Wrote help for $($cmdlets.Count) cmdlets to $target"
Write-Host "Help: $($cmdlets.Count) cmdlets -> $target"
