@{
    Synopsis    = "Gets the kubeconfig of a promoted unit's edge K3s cluster."

    Description = @'
When a NodeUnit is promoted to L4 or L5, SuperEdge's site-manager stores the kubeconfig of the unit's K3s cluster in the ConfigMap kins-system/<unit>-cm-kins, key kubeconfig.conf. Get-KinsKubeconfig reads it (through spec.unitCredentialConfigMapRef when set, else by that name) and emits a Kins.Kubeconfig object: NodeUnit, Server, Token, Yaml and Context. Its default view never shows the token, and the token is never written to the verbose or debug streams.

That kubeconfig is for use inside the unit: its server is the K3s cluster's own address (https://26.0.0.1 in SuperEdge v0.9), reachable from the unit's nodes, which is why the SuperEdge article copies it to an edge node. It keeps working there while the site is cut off from the cloud. To reach the edge cluster from the cloud, through SuperEdge's tunnel, use New-KinsProxyKubeconfig.

-OutFile writes the kubeconfig to a file atomically (a temporary file, then a rename) with owner-only permissions (mode 0600 on Linux and macOS, an ACL for the current user only on Windows), refuses to overwrite an existing file without -Force, and leaves nothing behind when it fails. With several units piped in and -OutFile, it writes one merged kubeconfig with a cluster, a user and a context per unit, each named kins-<unit>: the files site-manager writes all name their entries "default" and would overwrite each other if merged as they are. -AsYaml emits the YAML text instead of an object.

A unit at L3 has no edge cluster: that is a NodeUnitHasNoEdgeCluster error that says to promote it first with Set-NodeUnitAutonomy -Level L4. A unit whose kubeconfig is not published yet gives EdgeClusterNotReady (wait, or promote with -Wait). site-manager publishes the kubeconfig and spec.unitCredentialConfigMapRef before any K3s pod runs, so a kubeconfig may exist while its server does not answer yet: unless the unit is Ready by Get-NodeUnit's rule (every K3s pod ready), the kubeconfig comes with EdgeClusterReady $false and a warning. A missing ConfigMap, a missing key or YAML that does not parse give KinsConfigMapNotFound, KinsKubeconfigKeyMissing and KinsKubeconfigInvalid; the last one quotes where the YAML broke, never the token. Each is non-terminating: the other units go on.
'@

    Parameters  = @{
        Name    = 'Names of promoted units, or wildcard patterns expanded against the cluster. Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Kubeconfig, Context and ApiServer, so each is read from its own cluster. Alias: NodeUnit.'
        OutFile = @'
Write the kubeconfig to this file instead of emitting an object; emits the file's FileInfo. The file is written atomically with owner-only permissions. With several units, one merged file is written with a cluster, user and context named kins-<unit> for each unit, and current-context set to the first one.
'@
        Force   = 'Overwrite the -OutFile if it exists. Without -Force an existing file is an OutFileExists error and is not touched.'
        AsYaml  = 'Emit the kubeconfig as YAML text (one string per unit, exactly as site-manager stored it) instead of a Kins.Kubeconfig object.'
    }

    Examples    = @(
        @{
            Title   = 'Save one unit''s edge kubeconfig and use it'
            Sandbox = @{ Sites = 2 }
            Setup   = 'Set-NodeUnitAutonomy site-0002 -Level L4 -Wait'
            Code    = @'
PS> Get-NodeUnit site-0002 | Get-KinsKubeconfig -OutFile ./site-0002.kubeconfig | Out-Null
PS> kubectl --kubeconfig ./site-0002.kubeconfig get nodes
'@
            Output  = @'
NAME               STATUS   ROLES    AGE   VERSION
site-0002-node-1   Ready    <none>   <age> v1.22.6
site-0002-node-2   Ready    <none>   <age> v1.22.6
site-0002-node-3   Ready    <none>   <age> v1.22.6
'@
            Remarks = 'Writes the kubeconfig of site-0002''s K3s cluster with mode 0600 and emits the file. From inside the unit (here, the sandbox stands in for it), kubectl reaches the K3s cluster with it, also while the site is offline.'
        }
        @{
            Title   = 'One merged kubeconfig for every promoted unit'
            Sandbox = @{ Sites = 2 }
            Setup   = 'Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait'
            Code    = @'
PS> Get-NodeUnit -AutonomyLevel L4 | Get-KinsKubeconfig -OutFile ./edge.kubeconfig -Force | Out-Null
PS> kubectl --kubeconfig ./edge.kubeconfig config get-contexts -o name
'@
            Output  = @'
kins-site-0001
kins-site-0002
'@
            Remarks = 'Writes one file with a context named kins-<unit> for each L4 unit (site-manager''s own files would all say "default"), replacing the file if it exists.'
        }
        @{
            Title   = 'Look at a kubeconfig without showing the token'
            Setup   = 'Set-NodeUnitAutonomy test -Level L4 -Wait'
            Code    = 'PS> Get-KinsKubeconfig test'
            Output  = @'
KIND       CONTEXT      SERVER                         NODEUNIT
----       -------      ------                         --------
Edge       kins-sandbox https://127.0.0.1:<port>        test
'@
            Remarks = 'The default view shows where the kubeconfig points and which cluster context it was read from; the Token and Yaml properties are there for scripts, and Format-List also shows the ApiServer and Kubeconfig it came from.'
        }
        @{
            Title   = 'Get the YAML text'
            Setup   = 'Set-NodeUnitAutonomy test -Level L4 -Wait'
            Code    = 'PS> Get-KinsKubeconfig test -AsYaml | Set-Content -Path ./test.kubeconfig'
            Remarks = 'Emits the kubeconfig.conf text as stored by site-manager. Prefer -OutFile for files: Set-Content does not restrict the file''s permissions.'
        }
    )

    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Unit names, bound to -Name.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'Units from Get-NodeUnit (Name, Context and Kubeconfig bind by property name).' }
    )

    Outputs     = @(
        @{ Type = 'Kins.Kubeconfig'; Description = 'By default: NodeUnit, Server, Token, Yaml, Context. The default view hides the token.' }
        @{ Type = 'System.String'; Description = 'With -AsYaml: the kubeconfig text.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'With -OutFile: the file written (one for the whole pipeline).' }
    )

    Notes       = @'
The ConfigMap holds a bearer token with system:masters rights on the edge cluster: treat the output like a password.

Error ids: NodeUnitNotFound, NodeUnitHasNoEdgeCluster, EdgeClusterNotReady, KinsConfigMapNotFound, KinsKubeconfigKeyMissing, KinsKubeconfigInvalid, OutFileExists, OutFileWriteFailed.
'@

    Links       = @(
        'about_Kins'
        'New-KinsProxyKubeconfig'
        'Set-NodeUnitAutonomy'
        'Get-NodeUnit'
    )
}
