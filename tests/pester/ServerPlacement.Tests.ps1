# A promotion whose K3s server site-manager would place on a node the server pod cannot run on (cordoned, or a
# NoSchedule/NoExecute taint other than kins) is refused before anything is written: on a real cluster the server
# would stay Pending and the unit Promoting. The sandbox's scheduler keeps such a server Pending too (CordonTests).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-TestSandbox -Sites 2
    function script:Get-Level([string] $Unit) { (Invoke-Kubectl get nu $Unit -o 'jsonpath={.spec.autonomyLevel}').Output }
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Promoting a unit whose server node cannot take the server' {
    It 'is refused, naming the cordoned node site-manager would choose, and nothing is written' {
        (Invoke-Kubectl cordon site-0001-node-1).ExitCode | Should -Be 0
        Set-NodeUnitAutonomy site-0001 -Level L4 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'ServerNodeUnschedulable,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
        $failures[0].TargetObject | Should -Be 'site-0001'
        $failures[0].Exception.Message | Should -Match "node site-0001-node-1, but it is cordoned"
        $failures[0].ErrorDetails.RecommendedAction | Should -Match 'kubectl uncordon'
        Get-Level site-0001 | Should -Be 'L3'
    }

    It 'is refused for a NoSchedule taint the K3s pods do not tolerate, and goes through once it is removed' {
        (Invoke-Kubectl uncordon site-0001-node-1).ExitCode | Should -Be 0
        (Invoke-Kubectl taint node site-0001-node-1 'example.com/dedicated=db:NoSchedule').ExitCode | Should -Be 0
        # With -Wait the labelled servers come from the shared watch; without, from a list (the test above).
        Set-NodeUnitAutonomy site-0001 -Level L4 -Wait -Timeout 60 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].Exception.Message | Should -Match 'it carries the taint example.com/dedicated=db:NoSchedule'
        Get-Level site-0001 | Should -Be 'L3'

        (Invoke-Kubectl taint node site-0001-node-1 'example.com/dedicated:NoSchedule-').ExitCode | Should -Be 0
        (Set-NodeUnitAutonomy site-0001 -Level L4 -Wait -PassThru -Timeout 120).KinsState | Should -Be 'Ready'
    }

    It 'goes through when only a node that will not be a server is cordoned' {
        (Invoke-Kubectl cordon site-0002-node-2).ExitCode | Should -Be 0
        $unit = Set-NodeUnitAutonomy site-0002 -Level L4 -Wait -PassThru -Timeout 120
        $unit.KinsState | Should -Be 'Ready'
        $unit.ServerNodes | Should -Be @('site-0002-node-1')
    }

    It 'is refused for New-NodeUnit -AutonomyLevel L4 before the unit is created' {
        (Invoke-Kubectl taint node site-0001-node-2 'example.com/maintenance=yes:NoExecute').ExitCode | Should -Be 0
        New-NodeUnit spare -Node site-0001-node-2, site-0001-node-3 -AutonomyLevel L4 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'ServerNodeUnschedulable,Kins.PowerShell.Commands.NewNodeUnitCommand'
        $failures[0].Exception.Message | Should -Match 'node site-0001-node-2, but it carries the taint example.com/maintenance=yes:NoExecute'
        (Invoke-Kubectl get nu spare).ExitCode | Should -Not -Be 0
    }
}
