@{
    RootModule             = 'module/bin/Kins.PowerShell.dll'
    ModuleVersion          = '0.1.0'
    GUID                   = '5b0c3f5e-7a63-4c1e-9a0b-2f4a9d6e8c11'
    Author                 = 'Kins contributors'
    CompanyName            = 'Kins'
    Copyright              = '(c) Kins contributors. Apache-2.0.'
    Description            = 'Manage SuperEdge NodeUnits and the edge K3s clusters (kins) they run: list, promote to L4/L5, demote, fetch edge and cloud-side kubeconfigs, and remove safely, in bulk from one pipeline.'
    CompatiblePSEditions   = @('Core')
    PowerShellVersion      = '7.4'
    FormatsToProcess       = @('module/Kins.Format.ps1xml')
    CmdletsToExport        = @(
        'Get-NodeUnit'
        'Set-NodeUnitAutonomy'
        'Get-KinsKubeconfig'
        'New-KinsProxyKubeconfig'
        'Remove-NodeUnit'
        'New-NodeUnit'
        'Start-KinsSandbox'
        'Stop-KinsSandbox'
        'Set-KinsSandbox'
        'Test-KinsEdgeCluster'
        'Find-NodeUnitLeftover'
        'Repair-NodeUnit'
        'Get-KinsFleetSummary'
    )
    FunctionsToExport      = @()
    AliasesToExport        = @()
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('SuperEdge', 'Kubernetes', 'K3s', 'Edge', 'NodeUnit', 'kins', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri   = 'https://github.com/kins-project/kins'
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ReleaseNotes = 'First release: NodeUnit listing, promotion/demotion in bulk, edge and proxy kubeconfigs, safe removal, and a local SuperEdge sandbox.'
        }
    }
}
