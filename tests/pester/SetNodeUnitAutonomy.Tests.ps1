BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-TestSandbox -Sites 50
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Set-NodeUnitAutonomy' {
    It 'promotes the article''s unit to L4 and waits until its edge cluster is Ready' {
        $unit = Set-NodeUnitAutonomy test -Level L4 -Wait -PassThru
        $unit.AutonomyLevel | Should -Be 'L4'
        $unit.KinsState | Should -Be 'Ready'
        $unit.ServerNodes.Count | Should -Be 1
        $unit.KubeconfigRef | Should -Be 'kins-system/test-cm-kins'
        $pods = (Invoke-Kubectl get pods -n kins-system -o name).Output -split "`n"
        $pods | Should -Contain 'pod/test-server-kins-0'
        @($pods | Where-Object { $_ -like 'pod/test-agent-kins-*' }).Count | Should -Be 2
        @($pods | Where-Object { $_ -like 'pod/test-cri-kins-*' }).Count | Should -Be 3
    }

    It 'is idempotent: a unit already at the level is not written' {
        $before = (Get-NodeUnit test).ResourceVersion
        $unit = Set-NodeUnitAutonomy test -Level L4 -Wait -PassThru
        $unit.KinsState | Should -Be 'Ready'
        (Get-NodeUnit test).ResourceVersion | Should -Be $before
    }

    It 'ends with a clear error, before writing, when the host cannot ask to confirm a demotion' {
        # A script run without a terminal (input at its end) and a -NonInteractive one: PowerShell cannot prompt.
        $null = Set-NodeUnitAutonomy site-0050 -Level L4
        $script = "Import-Module '$(Join-Path (Get-KinsRepoRoot) 'Kins.psd1')'; `$env:KUBECONFIG = '$($sandbox.Kubeconfig)'; try { Set-NodeUnitAutonomy site-0050 -Level L3 -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $command = [Environment]::ProcessPath
        [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($command) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' } else { @() }
        foreach ($mode in @(@(), @('-NonInteractive'))) {
            $printed = @(& bash -c '"$0" "$@" < /dev/null' $command @prefix -NoProfile @mode -Command $script 2>&1 | ForEach-Object { "$_" })
            ($printed -join ' ') | Should -BeLike '*ConfirmationUnavailable,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand*cannot ask*Pass -Force or -Confirm:$false*'
        }
        (Get-NodeUnit site-0050).AutonomyLevel | Should -Be 'L4'
    }

    It 'sends nothing with -WhatIf' {
        $before = (Get-NodeUnit site-0001).ResourceVersion
        Get-NodeUnit site-0001 | Set-NodeUnitAutonomy -Level L4 -WhatIf
        $after = Get-NodeUnit site-0001
        $after.AutonomyLevel | Should -Be 'L3'
        $after.ResourceVersion | Should -Be $before
    }

    It 'promotes 50 sites in one pipeline with ThrottleLimit 8, one result per site' {
        $results = @(Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -PassThru -ThrottleLimit 8)
        $results.Count | Should -Be 50
        @($results | Where-Object KinsState -ne 'Ready').Count | Should -Be 0
        @(Get-NodeUnit -AutonomyLevel L4).Count | Should -Be 51
    }

    It 'gives one error for a bad unit and finishes the rest of the batch' {
        $null = New-NodeUnit ghost -Node no-such-node -Wait
        $results = @('site-0001', 'ghost', 'site-0002' | Set-NodeUnitAutonomy -Level L5 -Wait -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.Name | Sort-Object | Should -Be @('site-0001', 'site-0002')
        $results.KinsState | Should -Be @('Ready', 'Ready')
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'InsufficientReadyNodes,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
        $failures[0].TargetObject | Should -Be 'ghost'
        (Get-NodeUnit ghost).AutonomyLevel | Should -Be 'L3'
    }

    It 'promotes to L5 with three servers' {
        $unit = Get-NodeUnit site-0001
        $unit.AutonomyLevel | Should -Be 'L5'
        $unit.ServerNodes.Count | Should -Be 3
        (Invoke-Kubectl get pods -n kins-system site-0001-server-kins-join-1 -o name).ExitCode | Should -Be 0
    }

    It 'refuses L5 for a unit with two ready nodes, naming them' {
        $null = New-NodeUnit duo -Node site-0003-node-1, site-0003-node-2 -Wait
        Set-NodeUnitAutonomy duo -Level L5 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'InsufficientReadyNodes,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
        $failures[0].Exception.Message | Should -Match '2 ready node'
        $failures[0].Exception.Message | Should -Match 'site-0003-node-1'
        (Get-NodeUnit duo).AutonomyLevel | Should -Be 'L3'
    }

    It 'reports site-manager''s own failure as KinsPromotionFailed' {
        # A node goes down and someone asks for L5 with kubectl: site-manager sets phase Failed.
        $null = Invoke-Kubectl patch node site-0008-node-3 --subresource=status --type merge -p '{"status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletDown"}]}}'
        $null = Invoke-Kubectl patch nu site-0008 --type merge -p '{"spec":{"autonomyLevel":"L5"}}'
        Set-NodeUnitAutonomy site-0008 -Level L5 -Wait -Timeout 00:00:30 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'KinsPromotionFailed,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
        $failures[0].Exception.Message | Should -Match 'Insufficient Ready Node'
        $failures[0].TargetObject | Should -Be 'site-0008'
        (Get-NodeUnit site-0008).KinsState | Should -Be 'Failed'
    }

    It 'does not demote without confirmation' {
        # Pester runs non-interactively: the confirmation cannot be answered, so nothing may change.
        { Set-NodeUnitAutonomy site-0004 -Level L3 -ErrorAction Stop } | Should -Throw
        (Get-NodeUnit site-0004).AutonomyLevel | Should -Be 'L4'
    }

    It 'demotes with -Force and waits until nothing of the edge cluster is left' {
        $unit = Set-NodeUnitAutonomy site-0004 -Level L3 -Force -Wait -PassThru
        $unit.KinsState | Should -Be 'Standard'
        (Invoke-Kubectl get pods -n kins-system -l 'site-0004=nodeunits.superedge.io' -o name).Output | Should -BeNullOrEmpty
        (Invoke-Kubectl get secret site-0004-sec-kins -n kins-system -o name).Output | Should -Be 'secret/site-0004-sec-kins'
    }

    It 'demotes with -Confirm:$false' {
        (Set-NodeUnitAutonomy site-0005 -Level L3 -Confirm:$false -Wait -PassThru).KinsState | Should -Be 'Standard'
    }

    It 'refuses an unknown level before sending anything' {
        { Set-NodeUnitAutonomy site-0006 -Level L6 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
    }

    It 'refuses to promote a unit that is being deleted' {
        Set-NodeUnitAutonomy site-0007 -Level L3 -Force -Wait
        $null = Invoke-Kubectl patch nu site-0007 --type merge -p '{"metadata":{"finalizers":["site.superedge.io/nodeunit","test.kins/hold"]}}'
        $null = Invoke-Kubectl delete nu site-0007 --wait=false
        Set-NodeUnitAutonomy site-0007 -Level L4 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitDeleting,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
        $null = Invoke-Kubectl patch nu site-0007 --type json -p '[{"op":"remove","path":"/metadata/finalizers/1"}]'
    }

    It 'reports a missing unit as NodeUnitNotFound' {
        Set-NodeUnitAutonomy no-such-unit -Level L4 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitNotFound,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
    }
}

Describe 'Set-NodeUnitAutonomy -Timeout' {
    BeforeAll { $script:slow = Start-TestSandbox -ReadyDelay ([TimeSpan]::FromMinutes(10)) }
    AfterAll { Stop-TestSandbox $slow }

    It 'fails with KinsPromotionTimeout and says what it is still waiting for' {
        Set-NodeUnitAutonomy test -Level L4 -Wait -Timeout 00:00:02 -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'KinsPromotionTimeout,Kins.PowerShell.Commands.SetNodeUnitAutonomyCommand'
        $failures[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $failures[0].Exception.Message | Should -Match 'Promoting'
        (Get-NodeUnit test).AutonomyLevel | Should -Be 'L4'
    }

    It 'warns that a kubeconfig fetched during the promotion may not answer yet' {
        $kubeconfig = Get-KinsKubeconfig test -WarningVariable warnings -WarningAction SilentlyContinue
        $kubeconfig.EdgeClusterReady | Should -BeFalse
        $warnings[0] | Should -Match 'still being promoted'
    }

    It 'stops waiting promptly when the pipeline is stopped (Ctrl+C), leaving the change made' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$(Join-Path (Get-KinsRepoRoot) 'Kins.psd1')'; Set-NodeUnitAutonomy test -Level L5 -Wait -Timeout 00:01:00")
            $running = $shell.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(30)
            while ((Get-NodeUnit test).AutonomyLevel -ne 'L5' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
            $shell.Stop()
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $running.IsCompleted | Should -BeTrue
            (Get-NodeUnit test).AutonomyLevel | Should -Be 'L5'
        }
        finally { $shell.Dispose() }
    }
}
