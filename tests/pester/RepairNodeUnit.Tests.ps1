# Find-NodeUnitLeftover and Repair-NodeUnit against the v0.9 sandbox: what a demoted selector unit leaves on its nodes.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:sandbox = Start-TestSandbox -Sites 2

    # Takes a taint off by a JSON merge patch of the whole list, as a script without kubectl taint would.
    function script:Remove-NodeTaint([string] $Node, [string] $Key, [string] $Effect) {
        $taints = @(((Invoke-Kubectl get node $Node -o json).Output | ConvertFrom-Json).spec.taints | Where-Object { $_ -and -not ($_.key -eq $Key -and $_.effect -eq $Effect) })
        $patch = @{ spec = @{ taints = $taints } } | ConvertTo-Json -Depth 5 -Compress
        $file = Join-Path $TestDrive 'taints.json'
        Set-Content $file $patch
        (Invoke-Kubectl patch node $Node --type merge --patch-file $file).ExitCode | Should -Be 0
    }

    function script:Wait-Until([scriptblock] $Condition, [int] $Seconds = 60) {
        $deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
        while (-not (& $Condition)) {
            if ([DateTime]::UtcNow -gt $deadline) { throw "Timed out after $Seconds s waiting for: $Condition" }
            Start-Sleep -Milliseconds 200
        }
    }

    # A selector-only unit over site-0002's nodes (taken out of site-0002 first), promoted and demoted: v0.9 keeps
    # the server role and the kins taint on its server (flaws 4 and 5).
    $null = Remove-NodeUnit site-0002 -Wait -Confirm:$false
    $script:nodes = 1..3 | ForEach-Object { "site-0002-node-$_" }
    (Invoke-Kubectl label node @nodes 'example.com/zone=north').ExitCode | Should -Be 0
    $manifest = @{ apiVersion = 'site.superedge.io/v1alpha2'; kind = 'NodeUnit'; metadata = @{ name = 'north' }
        spec = @{ type = 'edge'; autonomyLevel = 'L3'; selector = @{ matchLabels = @{ 'example.com/zone' = 'north' } } } } | ConvertTo-Json -Depth 5
    $file = Join-Path $TestDrive 'north.json'
    Set-Content $file $manifest
    (Invoke-Kubectl create -f $file).ExitCode | Should -Be 0
    Wait-Until { (Invoke-Kubectl get nu north -o 'jsonpath={.status.readyRate}').Output -eq '3/3' }
    $null = Set-NodeUnitAutonomy north -Level L4 -Wait -Confirm:$false
    $null = Set-NodeUnitAutonomy north -Level L3 -Wait -Force -Confirm:$false
    $script:server = (Invoke-Kubectl get nodes -l 'site.superedge.io/kins-role=server,north=nodeunits.superedge.io' -o 'jsonpath={.items[*].metadata.name}').Output
}
AfterAll { Stop-TestSandbox $sandbox }

Describe 'Find-NodeUnitLeftover' {
    It 'lists the role label and the kins taint the demoted selector unit left on its server' {
        $server | Should -Not -BeNullOrEmpty -Because 'v0.9 keeps the role on selector members after demotion'
        $found = @(Find-NodeUnitLeftover north)
        $found | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'Kins.NodeUnitLeftover' }
        $role = @($found | Where-Object Kind -eq 'RoleLabel')
        $role.Resource | Should -Be @("node/$server")
        $role.Detail | Should -Be 'site.superedge.io/kins-role=server'
        $role.Removable | Should -BeTrue
        $role.Context | Should -Be 'kins-sandbox'
        $taints = @($found | Where-Object Kind -eq 'KinsTaint')
        $taints.Resource | Sort-Object | Should -Be @($nodes | ForEach-Object { "node/$_" })
        $taints.Detail | Select-Object -Unique | Should -Be 'kins:NoSchedule'
    }

    It 'reads like kubectl at 80 columns, one group per unit, a long node name cut last' {
        $found = @(Find-NodeUnitLeftover north)
        $long = $found[0] | Select-Object *
        $long.Resource = 'node/' + ('edge-node-with-a-long-name-' * 4)
        $long.PSObject.TypeNames.Insert(0, 'Kins.NodeUnitLeftover')
        $lines = (@($found) + $long | Out-String -Width 80) -split "`r?`n"
        $lines | Where-Object { $_.Length -gt 80 } | Should -BeNullOrEmpty
        @($lines -match '^\s+NodeUnit: north$').Count | Should -Be 1
        @($lines -match '^KIND\s+REPAIR\s+DETAIL\s+RESOURCE$').Count | Should -Be 1
        @($lines -match "^RoleLabel\s+yes\s+site\.superedge\.io/kins-role=server\s+node/$server$").Count | Should -Be 1
        @($lines -match '^RoleLabel\s+yes\s+site\.superedge\.io/kins-role=server\s+node/edge-node-with\S*…$').Count | Should -Be 1
    }

    It 'reports nothing for a promoted unit''s own servers' {
        $null = Set-NodeUnitAutonomy site-0001 -Level L4 -Wait -Confirm:$false
        @(Find-NodeUnitLeftover site-0001) | Where-Object Kind -in 'RoleLabel', 'KinsTaint' | Should -BeNullOrEmpty
    }

    It 'reports for unit-node-all only the marks on nodes no other unit counts as a member, and no StrippedTaint' {
        # Every node of north is in unit-node-all too: north's marks are north's alone.
        @(Find-NodeUnitLeftover north | Where-Object Kind -eq 'RoleLabel').Count | Should -Be 1
        @(Find-NodeUnitLeftover unit-node-all) | Should -BeNullOrEmpty
        # master is in no unit but unit-node-all: a role label there is a leftover only unit-node-all can report.
        (Invoke-Kubectl get node master -o 'jsonpath={.metadata.labels.unit-node-all}').Output | Should -Be 'nodeunits.superedge.io'
        (Invoke-Kubectl label node master 'site.superedge.io/kins-role=server').ExitCode | Should -Be 0
        (Invoke-Kubectl taint node master 'example.com/gpu=yes:NoSchedule').ExitCode | Should -Be 0
        try {
            $found = @(Find-NodeUnitLeftover unit-node-all)
            $found.Kind | Should -Be @('RoleLabel')
            $found.Resource | Should -Be @('node/master')
            $found.Reason | Should -Match 'never promotes'
        }
        finally {
            $null = Invoke-Kubectl label node master 'site.superedge.io/kins-role-'
            Remove-NodeTaint master 'example.com/gpu' 'NoSchedule'
        }
    }

    It 'never takes a taint Kubernetes'' own controllers set for one the L3 filter stripped' {
        # As the node lifecycle controller taints a cordoned node (kubectl taint stands in for it here).
        (Invoke-Kubectl taint node $nodes[1] 'node.kubernetes.io/unschedulable:NoSchedule').ExitCode | Should -Be 0
        try {
            Find-NodeUnitLeftover north | Where-Object Kind -eq 'StrippedTaint' | Should -BeNullOrEmpty
        }
        finally { Remove-NodeTaint $nodes[1] 'node.kubernetes.io/unschedulable' 'NoSchedule' }
    }

    It 'expands wildcards against the cluster, as every cmdlet that takes names does' {
        $byPattern = @(Find-NodeUnitLeftover 'nor*')
        $byPattern.Count | Should -BeGreaterThan 0
        ($byPattern | ForEach-Object { "$($_.Kind) $($_.Resource)" }) | Should -Be @(Find-NodeUnitLeftover north | ForEach-Object { "$($_.Kind) $($_.Resource)" })
    }

    It 'writes an error for a unit that does not exist and goes on' {
        $found = @(Find-NodeUnitLeftover nosuchunit, north -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitNotFound,Kins.PowerShell.Commands.FindNodeUnitLeftoverCommand'
        $found.Count | Should -BeGreaterThan 0
    }
}

Describe 'Repair-NodeUnit' {
    It 'changes nothing with -WhatIf' {
        Repair-NodeUnit north -WhatIf
        (Invoke-Kubectl get node $server -o 'jsonpath={.metadata.labels.site\.superedge\.io/kins-role}').Output | Should -Be 'server'
    }

    It 'clears only the findings piped to it, and reports each' {
        $repaired = @(Find-NodeUnitLeftover north | Where-Object Kind -eq 'RoleLabel' | Repair-NodeUnit -Confirm:$false -PassThru)
        $repaired.Resource | Should -Be @("node/$server")
        $repaired.Repaired | Should -BeTrue
        (Invoke-Kubectl get node $server -o 'jsonpath={.metadata.labels.site\.superedge\.io/kins-role}').Output | Should -BeNullOrEmpty
        # The taints were not piped: they stay.
        (Invoke-Kubectl get node $server -o 'jsonpath={.spec.taints[*].key}').Output | Should -Match 'kins'
        @(Find-NodeUnitLeftover north | Where-Object Kind -eq 'RoleLabel') | Should -BeNullOrEmpty
    }

    It 'repairs every removable finding of a unit by name, and keeps other taints' {
        (Invoke-Kubectl taint node $nodes[1] 'example.com/maintenance=yes:NoExecute').ExitCode | Should -Be 0
        Repair-NodeUnit north -Confirm:$false
        @(Find-NodeUnitLeftover north | Where-Object Removable) | Should -BeNullOrEmpty
        (Invoke-Kubectl get node $nodes[1] -o 'jsonpath={.spec.taints[*].key}').Output | Should -Be 'example.com/maintenance'
    }

    It 'reports a NoSchedule taint no unit lists, and refuses to touch it' {
        (Invoke-Kubectl taint node $nodes[2] 'example.com/dedicated=db:NoSchedule').ExitCode | Should -Be 0
        $stripped = @(Find-NodeUnitLeftover north | Where-Object Kind -eq 'StrippedTaint')
        $stripped.Resource | Should -Be @("node/$($nodes[2])")
        $stripped.Detail | Should -Be 'example.com/dedicated=db:NoSchedule'
        $stripped.Removable | Should -BeFalse
        $stripped | Repair-NodeUnit -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'LeftoverNotRemovable,Kins.PowerShell.Commands.RepairNodeUnitCommand'
        (Invoke-Kubectl get node $nodes[2] -o 'jsonpath={.spec.taints[*].key}').Output | Should -Match 'example.com/dedicated'
    }
}

Describe 'Repair-NodeUnit -RestoreTaint' {
    BeforeAll {
        function script:Get-NodeTaints([string] $Node) {
            $raw = Invoke-Kubectl get node $Node -o json
            $raw.ExitCode | Should -Be 0 -Because $raw.Output
            @(($raw.Output | ConvertFrom-Json).spec.taints | Where-Object { $_ })
        }
        function script:Get-UnitNodes([string] $Unit) {
            (Invoke-Kubectl get nodes -l "$Unit=nodeunits.superedge.io" -o 'jsonpath={.items[*].metadata.name}').Output -split ' '
        }
    }

    It 'refuses, before anything is read, a taint the L3 filter cannot have stripped' {
        $before = (Invoke-Kubectl get nodes -o 'jsonpath={.items[*].spec.taints}').Output
        foreach ($taint in 'kins:NoSchedule', 'example.com/dedicated=db:NoExecute', 'node.kubernetes.io/unreachable:NoSchedule', 'example.com/dedicated=db') {
            { Repair-NodeUnit north -RestoreTaint $taint -Confirm:$false } | Should -Throw -ErrorId 'InvalidTaint,Kins.PowerShell.Commands.RepairNodeUnitCommand' -Because $taint
        }
        (Invoke-Kubectl get nodes -o 'jsonpath={.items[*].spec.taints}').Output | Should -Be $before
    }

    It 'changes nothing with -WhatIf' {
        Repair-NodeUnit north -RestoreTaint 'example.com/dedicated=db:NoSchedule' -WhatIf -WarningAction SilentlyContinue
        Get-NodeTaints $nodes[0] | Where-Object key -eq 'example.com/dedicated' | Should -BeNullOrEmpty
    }

    It 'puts a named taint on the selector unit''s members that lack it, and says setNode would lose it again' {
        # nodes[2] carries example.com/dedicated=db:NoSchedule (the StrippedTaint test above); the others lack it.
        $restored = @(Repair-NodeUnit north -RestoreTaint 'example.com/dedicated=db:NoSchedule' -Confirm:$false -PassThru -WarningVariable warned)
        $restored.Resource | Should -Be @("node/$($nodes[0])", "node/$($nodes[1])")
        $restored | ForEach-Object { $_.Repaired | Should -BeTrue; $_.Kind | Should -Be 'StrippedTaint'; $_.Detail | Should -Be 'example.com/dedicated=db:NoSchedule' }
        $warned.Message | Should -Match 'not in spec.setNode.taints'
        foreach ($node in $nodes) {
            $taint = @(Get-NodeTaints $node | Where-Object key -eq 'example.com/dedicated')
            $taint.Count | Should -Be 1 -Because "$node must carry the taint once"
            $taint[0].value | Should -Be 'db'
            $taint[0].effect | Should -Be 'NoSchedule'
        }
        # Named again: every member carries it, nothing to do.
        @(Repair-NodeUnit north -RestoreTaint 'example.com/dedicated=db:NoSchedule' -Confirm:$false -PassThru) | Should -BeNullOrEmpty
    }

    It 'leaves a node alone that carries the key and effect with another value, with a warning' {
        Remove-NodeTaint $nodes[0] 'example.com/dedicated' 'NoSchedule'
        (Invoke-Kubectl taint node $nodes[0] 'example.com/dedicated=web:NoSchedule').ExitCode | Should -Be 0
        $restored = @(Repair-NodeUnit north -RestoreTaint 'example.com/dedicated=db:NoSchedule' -Confirm:$false -PassThru -WarningVariable warned)
        $restored | Should -BeNullOrEmpty
        $warned.Message | Should -Match ([regex]::Escape("node $($nodes[0]) carries example.com/dedicated=web:NoSchedule"))
        (Get-NodeTaints $nodes[0] | Where-Object key -eq 'example.com/dedicated').value | Should -Be 'web'
    }

    It 'restores what the filter took off a spec.nodes unit''s nodes at demotion, and site-manager''s later passes keep it' {
        # site-0001 (spec.nodes, L4 since the Find tests) gets a NoSchedule taint of its own, after kins (flaw 8 otherwise).
        $patch = '{"spec":{"setNode":{"taints":[{"key":"kins","effect":"NoSchedule"},{"key":"example.com/shop","value":"till","effect":"NoSchedule"}]}}}'
        (Invoke-Kubectl patch nu site-0001 --type merge -p $patch).ExitCode | Should -Be 0
        $members = Get-UnitNodes site-0001
        Wait-Until { @($members | Where-Object { Get-NodeTaints $_ | Where-Object key -eq 'example.com/shop' }).Count -eq $members.Count }
        # Demoted, the L3 pass strips it from setNode, and the update takes it off the nodes.
        $null = Set-NodeUnitAutonomy site-0001 -Level L3 -Wait -Force -Confirm:$false
        Wait-Until { -not ($members | Where-Object { Get-NodeTaints $_ | Where-Object key -eq 'example.com/shop' }) }
        (Invoke-Kubectl get nu site-0001 -o 'jsonpath={.spec.setNode.taints}').Output | Should -BeNullOrEmpty
        @(Find-NodeUnitLeftover site-0001 | Where-Object Kind -eq 'StrippedTaint') | Should -BeNullOrEmpty -Because 'nothing is left to find: only the user can name it'

        $restored = @(Repair-NodeUnit site-0001 -RestoreTaint 'example.com/shop=till:NoSchedule' -Confirm:$false -PassThru -WarningAction SilentlyContinue)
        $restored.Resource | Should -Be @($members | Sort-Object | ForEach-Object { "node/$_" })

        # Two setNode label changes: once the second reached the nodes, the pass of the first (teardown included) is over.
        foreach ($round in 1, 2) {
            (Invoke-Kubectl patch nu site-0001 --type merge -p "{`"spec`":{`"setNode`":{`"labels`":{`"example.com/round`":`"$round`"}}}}").ExitCode | Should -Be 0
            Wait-Until { (Invoke-Kubectl get node $members[0] -o 'jsonpath={.metadata.labels.example\.com/round}').Output -eq "$round" }
        }
        foreach ($node in $members) {
            $taint = @(Get-NodeTaints $node | Where-Object key -eq 'example.com/shop')
            $taint.Count | Should -Be 1 -Because "no L3 pass removes a node taint that no setNode change names ($node)"
            "$($taint[0].value):$($taint[0].effect)" | Should -Be 'till:NoSchedule'
        }
        (Invoke-Kubectl get nu site-0001 -o 'jsonpath={.spec.setNode.taints}').Output | Should -BeNullOrEmpty
    }

    It 'refuses unit-node-all, which spans every node, and goes on with the others' {
        $restored = @(Repair-NodeUnit unit-node-all, north -RestoreTaint 'example.com/zone-b:NoSchedule' -Confirm:$false -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'DefaultNodeUnitNotRestorable,Kins.PowerShell.Commands.RepairNodeUnitCommand'
        $failures[0].TargetObject | Should -Be 'unit-node-all'
        $restored.Resource | Should -Be @($nodes | ForEach-Object { "node/$_" })
        (Invoke-Kubectl get node master -o 'jsonpath={.spec.taints[*].key}').Output | Should -Not -Match 'zone-b'
    }

    It 'writes an error for a unit that does not exist and goes on' {
        $restored = @(Repair-NodeUnit nosuchunit, site-0001 -RestoreTaint 'example.com/other:NoSchedule' -Confirm:$false -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitNotFound,Kins.PowerShell.Commands.RepairNodeUnitCommand'
        $restored.Count | Should -Be 3
    }
}

Describe 'A deleted unit''s leftovers' {
    # Run last: north is deleted. A selector-only unit never cleans its nodes (flaw 4), so they keep its membership label.
    BeforeAll {
        $null = Remove-NodeUnit north -Wait -Confirm:$false
        $script:found = @(Find-NodeUnitLeftover north)
    }

    It 'are found by the deleted unit''s name: each node''s membership label, listed after its other marks' {
        (Invoke-Kubectl get nu north).ExitCode | Should -Not -Be 0
        $labels = @($found | Where-Object Kind -eq 'MembershipLabel')
        $labels.Resource | Should -Be @($nodes | ForEach-Object { "node/$_" })
        $labels.Detail | Select-Object -Unique | Should -Be 'north=nodeunits.superedge.io'
        $labels.Removable | Select-Object -Unique | Should -BeTrue
        foreach ($node in $nodes) {
            @($found | Where-Object Resource -eq "node/$node")[-1].Kind | Should -Be 'MembershipLabel'
        }
    }

    It 'are repaired, after which the name finds nothing' {
        $repaired = @($found | Repair-NodeUnit -Confirm:$false -PassThru)
        $repaired.Count | Should -Be @($found | Where-Object Removable).Count
        foreach ($node in $nodes) {
            (Invoke-Kubectl get node $node -o 'jsonpath={.metadata.labels.north}').Output | Should -BeNullOrEmpty
        }
        Find-NodeUnitLeftover north -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -Be 'NodeUnitNotFound,Kins.PowerShell.Commands.FindNodeUnitLeftoverCommand'
    }
}
