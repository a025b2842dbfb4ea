# Issue 13: every numbered finding replayed as written with the real kubectl 1.32 and with the client that found it
# (Debian's kubectl 1.20 and ruby-kubeclient 4.9), and with @kubernetes/client-node 1.4 and python3-kubernetes, all
# against one sandbox. build/Install-ApiClients.ps1 provides the clients; one that cannot be had fails these tests.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:clients = & (Join-Path (Get-KinsRepoRoot) 'build/Install-ApiClients.ps1')
    $script:replays = Join-Path $PSScriptRoot 'ApiClients'
    $script:sandbox = Start-TestSandbox -Sites 5
    Get-NodeUnit site-0005 | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false

    function script:Invoke-Kubectl120 {
        $cache = Join-Path ([IO.Path]::GetTempPath()) "kins-kubectl120-cache-$PID"
        $output = & $clients.Kubectl120 --cache-dir $cache @args 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | Out-String).Trim() }
    }
    function script:Get-Unit([string] $Name) {
        $result = Invoke-Kubectl get nu $Name -o json
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | ConvertFrom-Json
    }
    function script:Invoke-Replay([string] $Exe, [string[]] $Arguments) {
        $output = & $Exe @Arguments 2>&1
        $text = ($output | Out-String).Trim()
        $LASTEXITCODE | Should -Be 0 -Because "the replay script must run to its end: $text"
        ($text -split "`n")[-1] | ConvertFrom-Json
    }
    function script:Write-Manifest([string] $Name, [string] $Text) {
        $path = Join-Path $TestDrive $Name
        Set-Content -Path $path -Value $Text
        $path
    }
}
AfterAll {
    Stop-TestSandbox $sandbox
}

Describe 'Finding 1: kubectl delete --dry-run=server' {
    It 'leaves an L4 unit and its control plane as they were (kubectl 1.32)' {
        $before = Get-Unit site-0005
        $result = Invoke-Kubectl delete nu site-0005 --dry-run=server
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Be 'nodeunit.site.superedge.io "site-0005" deleted (server dry run)'
        $after = Get-Unit site-0005
        $after.metadata.resourceVersion | Should -Be $before.metadata.resourceVersion
        $after.metadata.PSObject.Properties.Name | Should -Not -Contain 'deletionTimestamp'
        (Invoke-Kubectl get sts site-0005-server-kins -n kins-system).ExitCode | Should -Be 0
    }

    It 'refuses an unknown dryRun value as the API server does' {
        $result = Invoke-Kubectl delete --raw '/apis/site.superedge.io/v1alpha2/nodeunits/site-0005?dryRun=Bogus'
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Be 'The DeleteOptions "" is invalid: dryRun: Unsupported value: []string{"Bogus"}: supported values: "All"'
        (Get-Unit site-0005).metadata.PSObject.Properties.Name | Should -Not -Contain 'deletionTimestamp'
    }
}

Describe 'Finding 2: server-side dry run of diff, apply and label' {
    BeforeAll {
        $script:manifest = Write-Manifest 'site-0001.yaml' @'
apiVersion: site.superedge.io/v1alpha2
kind: NodeUnit
metadata:
  name: site-0001
spec:
  type: edge
  autonomyLevel: L4
  nodes: [site-0001-node-1, site-0001-node-2, site-0001-node-3]
'@
        $script:before = Get-Unit site-0001
    }

    It 'kubectl diff -f shows the change the server would make' {
        $result = Invoke-Kubectl diff -f $manifest
        $result.ExitCode | Should -Be 1 -Because "kubectl diff exits 1 when there are differences: $($result.Output)"
        $result.Output | Should -Match '(?m)^-  autonomyLevel: L3$'
        $result.Output | Should -Match '(?m)^\+  autonomyLevel: L4$'
    }

    It 'kubectl apply --dry-run=server and kubectl label --dry-run=server answer and store nothing' {
        $apply = Invoke-Kubectl apply --dry-run=server -f $manifest
        $apply.ExitCode | Should -Be 0 -Because $apply.Output
        $apply.Output | Should -Match 'nodeunit.site.superedge.io/site-0001 configured \(server dry run\)'
        $label = Invoke-Kubectl label nu site-0001 rehearsal=yes --dry-run=server
        $label.ExitCode | Should -Be 0 -Because $label.Output
        $label.Output | Should -Be 'nodeunit.site.superedge.io/site-0001 labeled (server dry run)'
        $after = Get-Unit site-0001
        $after.metadata.resourceVersion | Should -Be $before.metadata.resourceVersion
        $after.spec.autonomyLevel | Should -Be 'L3'
        $after.metadata.annotations.PSObject.Properties.Name | Should -Not -Contain 'kubectl.kubernetes.io/last-applied-configuration'
    }
}

Describe 'Finding 3: published schemas' {
    It 'kubectl 1.32 explains the NodeUnit and its spec' {
        $unit = Invoke-Kubectl explain nu
        $unit.ExitCode | Should -Be 0 -Because $unit.Output
        $unit.Output | Should -Match 'KIND:\s+NodeUnit'
        $spec = Invoke-Kubectl explain nu.spec
        $spec.ExitCode | Should -Be 0 -Because $spec.Output
        $spec.Output | Should -Match 'autonomyLevel\s+<string>'
    }

    It 'kubectl 1.20 explains nu.spec from the protobuf /openapi/v2' {
        $result = Invoke-Kubectl120 explain nu.spec
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'RESOURCE: spec <Object>'
        $result.Output | Should -Match 'autonomyLevel\s+<string>'
    }

    It 'kubectl 1.20 applies a NodeUnit with client-side validation on' {
        $manifest = Write-Manifest 'k120.yaml' @'
apiVersion: site.superedge.io/v1alpha2
kind: NodeUnit
metadata:
  name: rehearsal-120
spec:
  type: edge
  autonomyLevel: L3
'@
        $result = Invoke-Kubectl120 apply -f $manifest
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Be 'nodeunit.site.superedge.io/rehearsal-120 created'
        (Get-Unit rehearsal-120).spec.autonomyLevel | Should -Be 'L3'
    }

    It 'kubectl 1.20 refuses an unknown field as the schema says, before sending anything' {
        $manifest = Write-Manifest 'k120-bad.yaml' @'
apiVersion: site.superedge.io/v1alpha2
kind: NodeUnit
metadata:
  name: rehearsal-120-bad
spec:
  type: edge
  autonomyLevl: L4
'@
        $result = Invoke-Kubectl120 apply -f $manifest
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match ([regex]::Escape('ValidationError(NodeUnit.spec): unknown field "autonomyLevl" in io.superedge.site.v1alpha2.NodeUnit.spec'))
        (Invoke-Kubectl get nu rehearsal-120-bad).ExitCode | Should -Be 1
    }

    It 'kubectl 1.20 updates a built-in with a strategic merge patch computed from the schema' {
        $manifest = Write-Manifest 'cm.yaml' "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: rehearsal-120, namespace: default}`ndata: {a: '1'}"
        (Invoke-Kubectl120 apply -f $manifest).ExitCode | Should -Be 0
        Set-Content $manifest "apiVersion: v1`nkind: ConfigMap`nmetadata: {name: rehearsal-120, namespace: default}`ndata: {a: '2'}"
        $result = Invoke-Kubectl120 apply -f $manifest
        $result.Output | Should -Be 'configmap/rehearsal-120 configured'
        (Invoke-Kubectl get cm rehearsal-120 -o 'jsonpath={.data.a}').Output | Should -Be '2'
    }
}

Describe 'Finding 4: server-side apply' {
    It 'kubectl apply --server-side records kubectl as the Apply manager' {
        $manifest = Write-Manifest 'ssa.yaml' "apiVersion: site.superedge.io/v1alpha2`nkind: NodeUnit`nmetadata:`n  name: site-0001`n  labels: {rehearsal: ssa}"
        $result = Invoke-Kubectl apply --server-side -f $manifest
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Be 'nodeunit.site.superedge.io/site-0001 serverside-applied'
        $unit = (Invoke-Kubectl get nu site-0001 -o json --show-managed-fields).Output | ConvertFrom-Json
        $managers = $unit.metadata.managedFields | ForEach-Object { "$($_.manager)/$($_.operation)" }
        $managers | Should -Contain 'kubectl/Apply'
    }

    It 'kubectl apply --server-side of another manager''s field is the API server''s 409 conflict' {
        $manifest = Write-Manifest 'ssa-2.yaml' "apiVersion: site.superedge.io/v1alpha2`nkind: NodeUnit`nmetadata:`n  name: site-0001`n  labels: {rehearsal: other}"
        $result = Invoke-Kubectl apply --server-side --field-manager other -f $manifest
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Match 'Apply failed with 1 conflict: conflict with "kubectl": .metadata.labels.rehearsal'
    }
}

Describe 'Finding 5: access reviews and the read-only token' {
    It 'kubectl auth can-i answers for both tokens' {
        (Invoke-Kubectl auth can-i patch nu).Output | Should -Match '(?m)^yes$'
        $readOnly = Invoke-Kubectl auth can-i patch nu --context kins-sandbox-readonly
        $readOnly.ExitCode | Should -Be 1
        $readOnly.Output | Should -Match '(?m)^no$'
        (Invoke-Kubectl auth can-i list nu --context kins-sandbox-readonly).Output | Should -Match '(?m)^yes$'
    }

    It 'a write with the read-only token is forbidden' {
        $result = Invoke-Kubectl label nu site-0001 rehearsal=forbidden --overwrite --context kins-sandbox-readonly
        $result.ExitCode | Should -Be 1
        $result.Output | Should -Be 'Error from server (Forbidden): nodeunits.site.superedge.io "site-0001" is forbidden: User "kins-sandbox-readonly" cannot patch resource "nodeunits" in API group "site.superedge.io" at the cluster scope'
    }

    It 'kubectl auth whoami says what it says on a 1.22 server: SelfSubjectReview is not served' {
        # SelfSubjectReview came in Kubernetes 1.26; a runbook that relies on it must fail here as on the real cluster.
        $whoami = Invoke-Kubectl auth whoami
        $whoami.ExitCode | Should -Be 1
        $whoami.Output | Should -BeLike 'error: the selfsubjectreviews API is not enabled in the cluster*'
    }
}

Describe 'Finding 6: API defaulting' {
    It 'kubectl rollout status works on the kins StatefulSet and DaemonSets' {
        $sts = Invoke-Kubectl get sts site-0005-server-kins -n kins-system -o json
        ($sts.Output | ConvertFrom-Json).spec.updateStrategy.type | Should -Be 'RollingUpdate'
        $result = Invoke-Kubectl rollout status sts/site-0005-server-kins -n kins-system --timeout=60s
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'roll out complete'
        $ds = Invoke-Kubectl rollout status ds/site-0005-agent-kins -n kins-system --timeout=60s
        $ds.ExitCode | Should -Be 0 -Because $ds.Output
    }
}

Describe 'Finding 7: the deprecated watch/ paths' {
    It 'streams events under /apis/site.superedge.io/v1alpha2/watch/nodeunits/site-0001' {
        $result = Invoke-Kubectl get --raw '/apis/site.superedge.io/v1alpha2/watch/nodeunits/site-0001?timeoutSeconds=1'
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $first = ($result.Output -split "`n")[0] | ConvertFrom-Json
        $first.type | Should -Be 'ADDED'
        $first.object.metadata.name | Should -Be 'site-0001'
    }
}

Describe 'Finding 8: events, logs and node Leases' {
    It 'kubectl get events shows what the controllers and kubelets did for the kins workloads' {
        $result = Invoke-Kubectl get events -n kins-system -o json
        $reasons = ($result.Output | ConvertFrom-Json).items.reason | Sort-Object -Unique
        foreach ($reason in 'SuccessfulCreate', 'Scheduled', 'Pulled', 'Created', 'Started') { $reasons | Should -Contain $reason }
    }

    It 'kubectl logs of a kins pod answers with its simulated log' {
        $pod = (Invoke-Kubectl get pods -n kins-system -o name).Output -split "`n" | Where-Object { $_ -like 'pod/site-0005-server-kins-*' } | Select-Object -First 1
        $pod | Should -Not -BeNullOrEmpty
        $result = Invoke-Kubectl logs -n kins-system $pod
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Match 'simulated container server'
    }

    It 'kubectl exec and kubectl scale, which the sandbox cannot do, are refused with a Status that says why' {
        $exec = Invoke-Kubectl exec -n kins-system site-0005-server-kins-0 -c server '--' true
        $exec.ExitCode | Should -Be 1
        $exec.Output | Should -Be 'Error from server (BadRequest): the Kins sandbox runs no processes, so exec to pods "site-0005-server-kins-0" is not available (a real API server hands it to the kubelet or the service''s endpoints)'
        $scale = Invoke-Kubectl scale sts site-0005-server-kins -n kins-system --replicas=1
        $scale.ExitCode | Should -Be 1
        $scale.Output | Should -Match 'does not serve the scale subresource of statefulsets.apps "site-0005-server-kins"'
        $readOnly = Invoke-Kubectl exec -n kins-system site-0005-server-kins-0 -c server --context kins-sandbox-readonly '--' true
        $readOnly.Output | Should -Match 'cannot create resource "pods/exec" in API group "" in the namespace "kins-system"'
    }

    It 'kubectl describe node shows the node''s Lease' {
        $result = Invoke-Kubectl describe node site-0005-node-1
        $result.ExitCode | Should -Be 0 -Because $result.Output
        $result.Output | Should -Not -Match 'Failed to get lease'
        $result.Output | Should -Match 'HolderIdentity:\s+site-0005-node-1'
    }
}

Describe 'Replays with ruby-kubeclient 4.9 (findings 1, 4, 5, 7)' {
    BeforeAll {
        $script:seen = Invoke-Replay $clients.Ruby @((Join-Path $replays 'kubeclient_replay.rb'), $sandbox.Kubeconfig, 'site-0002')
    }

    It 'is Debian''s kubeclient 4.9' { $seen.version | Should -BeLike '4.9.*' }

    It 'watches through the deprecated watch/ path and sees the change (finding 7)' {
        $seen.watch.error | Should -BeNullOrEmpty
        $seen.watch.type | Should -Be 'MODIFIED'
        $seen.watch.name | Should -Be 'site-0002'
        $seen.watch.labelChanged | Should -BeTrue
    }

    It 'applies with apply_node_unit, owns the field and meets the conflict of another manager (finding 4)' {
        $seen.apply.label | Should -Be 'a'
        $seen.apply.managers | Should -Contain 'kubeclient-a/Apply'
        $seen.applyConflict.code | Should -Be 409
        $seen.applyConflict.message | Should -Be 'Apply failed with 1 conflict: conflict with "kubeclient-a": .metadata.labels.replay-owner'
        $seen.applyForced | Should -Be 'b'
    }

    It 'deletes with dryRun in the DeleteOptions body and nothing changes (finding 1)' {
        $seen.dryRunDelete.answeredName | Should -Be 'site-0002'
        $seen.dryRunDelete.resourceVersionKept | Should -BeTrue
        $seen.dryRunDelete.deletionTimestamp | Should -BeNullOrEmpty
        $seen.dryRunBogus.code | Should -Be 422
    }

    It 'reviews access and is refused writes with the read-only token (finding 5)' {
        $seen.canPatchReadOnly | Should -BeFalse
        $seen.readOnlyPatch.code | Should -Be 403
    }
}

Describe 'Replays with @kubernetes/client-node 1.4' {
    BeforeAll {
        $script:seen = Invoke-Replay $clients.Node @((Join-Path $replays 'client-node-replay.mjs'), $clients.NodeModules, $sandbox.Kubeconfig, 'site-0003', 'site-0005')
    }

    It 'is client-node 1.4' { $seen.version | Should -BeLike '1.4.*' }

    It 'dry-run delete and patch store nothing (findings 1, 2)' {
        $seen.dryRunDelete.answeredName | Should -Be 'site-0003'
        $seen.dryRunDelete.answeredBodyName | Should -Be 'site-0003'
        $seen.dryRunDelete.resourceVersionKept | Should -BeTrue
        $seen.dryRunDelete.deletionTimestamp | Should -BeNullOrEmpty
        $seen.dryRunPatch.answeredLevel | Should -Be 'L4'
        $seen.dryRunPatch.storedLevel | Should -Be 'L3'
    }

    It 'server-side apply records its manager (finding 4)' {
        $seen.apply.label | Should -Be 'applied'
        $seen.apply.managers | Should -Contain 'client-node/Apply'
    }

    It 'access reviews answer for both tokens (finding 5)' {
        $seen.canPatch.admin | Should -BeTrue
        $seen.canPatch.readonly | Should -BeFalse
        $seen.readOnlyPatch.code | Should -Be 403
        $seen.readOnlyPatch.reason | Should -Be 'Forbidden'
    }

    It 'reads defaulted StatefulSets, watches, events, logs and Leases (findings 6, 7, 8)' {
        $seen.statefulSet.updateStrategy | Should -Be 'RollingUpdate'
        $seen.statefulSet.revisionHistoryLimit | Should -Be 10
        $seen.watch.type | Should -Be 'MODIFIED'
        $seen.watch.name | Should -Be 'site-0003'
        foreach ($reason in 'SuccessfulCreate', 'Scheduled', 'Started') { $seen.eventReasons | Should -Contain $reason }
        $seen.log | Should -Match 'simulated container server'
        $seen.lease.holder | Should -Be 'site-0005-node-1'
        $seen.lease.renewed | Should -BeTrue
    }
}

Describe 'Replays with python3-kubernetes 22.6' {
    BeforeAll {
        $script:seen = Invoke-Replay $clients.Python @((Join-Path $replays 'python_kubernetes_replay.py'), $sandbox.Kubeconfig, 'site-0004', 'site-0005')
    }

    It 'is Debian''s python3-kubernetes 22.6' { $seen.version | Should -BeLike '22.6.*' }

    It 'dry-run delete and patch store nothing; an unknown dryRun value is 422 (findings 1, 2)' {
        $seen.dryRunDelete.answeredName | Should -Be 'site-0004'
        $seen.dryRunDelete.resourceVersionKept | Should -BeTrue
        $seen.dryRunDelete.deletionTimestamp | Should -BeNullOrEmpty
        $seen.dryRunBogus.code | Should -Be 422
        $seen.dryRunBogus.reason | Should -Be 'Invalid'
        $seen.dryRunPatch.answeredLevel | Should -Be 'L5'
        $seen.dryRunPatch.storedLevel | Should -Be 'L3'
    }

    It 'server-side apply owns fields and conflicts like the API server (finding 4)' {
        $seen.apply.label | Should -Be 'a'
        $seen.apply.managers | Should -Contain 'python-a/Apply'
        $seen.applyConflict.code | Should -Be 409
        $seen.applyConflict.reason | Should -Be 'Conflict'
    }

    It 'access reviews answer for both tokens (finding 5)' {
        $seen.canPatch.admin | Should -BeTrue
        $seen.canPatch.readonly | Should -BeFalse
        $seen.readOnlyPatch.code | Should -Be 403
    }

    It 'reads defaulted StatefulSets, watches, events, logs and Leases (findings 6, 7, 8)' {
        $seen.statefulSet.updateStrategy | Should -Be 'RollingUpdate'
        $seen.watch.type | Should -Be 'MODIFIED'
        $seen.watch.name | Should -Be 'site-0004'
        foreach ($reason in 'SuccessfulCreate', 'Scheduled', 'Started') { $seen.eventReasons | Should -Contain $reason }
        $seen.log | Should -Match 'simulated container server'
        $seen.lease.holder | Should -Be 'site-0005-node-1'
    }
}
