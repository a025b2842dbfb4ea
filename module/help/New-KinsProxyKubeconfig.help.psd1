@{
    Synopsis    = "Builds a cloud-side kubeconfig that reaches a unit's edge K3s cluster through SuperEdge's tunnel."

    Description = @'
A unit's own kubeconfig (Get-KinsKubeconfig) points at an address that exists only inside the unit. From the cloud, SuperEdge reaches the edge K3s cluster through tunnel-cloud's HTTP proxy: New-KinsProxyKubeconfig builds that kubeconfig, as SuperEdge documents it, so that kubectl (and Kins) can work on the edge cluster from where you are.

It finds the Service edge-system/tunnel-cloud and its port named http-proxy. By default the proxy is http://<InternalIP of a Ready master node>:<that port's nodePort> (reachable from outside the cluster); with -InCluster it is http://<tunnel-cloud's ClusterIP>:8080 (for a pod in the cloud cluster); -ProxyUrl overrides both. It finds the unit's Service kins-system/<unit>-svc-kins and points the kubeconfig at https://<unit>-svc-kins.kins-system:443, which the tunnel resolves to the unit's K3s API (with -UseServiceIP, at the Service's ClusterIP instead), with proxy-url set to the proxy. The bearer token is taken from the unit's edge kubeconfig.

TLS verification is skipped in the result (insecure-skip-tls-verify), as SuperEdge requires: the K3s certificate does not name the Service. The cmdlet says so with a warning, once per call.

The output, -OutFile and -AsYaml behave as in Get-KinsKubeconfig: a Kins.Kubeconfig object whose default view hides the token, or a file written atomically with owner-only permissions (several units are merged, with entries named kins-<unit>; an existing file needs -Force), or the YAML text.

Errors say what is missing: TunnelCloudNotFound (SuperEdge's tunnel-cloud is not installed), HttpProxyPortNotFound, MasterAddressNotFound (no Ready master node with an InternalIP; use -ProxyUrl), KinsServiceNotFound, and NodeUnitHasNoEdgeCluster for a unit at L3 (promote it first). Per-unit errors are non-terminating.
'@

    Parameters  = @{
        Name         = 'Names of promoted units, or wildcard patterns expanded against the cluster. Strings piped in bind here, and Kins.NodeUnit objects from Get-NodeUnit bind their Name, Kubeconfig, Context and ApiServer, so each is read from its own cluster. Alias: NodeUnit.'
        ProxyUrl     = 'The HTTP proxy to put in the kubeconfig, instead of the one discovered from tunnel-cloud; for example when the master node''s InternalIP is not reachable from where the kubeconfig will be used, and a load balancer or another address is: http://10.20.0.5:31469.'
        InCluster    = 'Use tunnel-cloud''s ClusterIP and port 8080 as the proxy, for a kubeconfig used by a pod inside the cloud cluster. Without it, the proxy is a Ready master node''s InternalIP and the http-proxy port''s nodePort.'
        UseServiceIP = 'Point the kubeconfig at the ClusterIP of <unit>-svc-kins instead of its DNS name <unit>-svc-kins.kins-system.'
        OutFile      = 'Write the kubeconfig to this file (atomically, owner-only permissions) instead of emitting an object; emits the file''s FileInfo. Several units are merged into one file with entries named kins-<unit>.'
        Force        = 'Overwrite the -OutFile if it exists. Without -Force an existing file is an OutFileExists error and is not touched.'
        AsYaml       = 'Emit the kubeconfig as YAML text instead of a Kins.Kubeconfig object.'
    }

    Examples    = @(
        @{
            Title   = 'Reach an edge cluster from your workstation'
            Sandbox = @{ Sites = 2 }
            Setup   = 'Set-NodeUnitAutonomy site-0002 -Level L4 -Wait'
            Code    = @'
PS> Get-NodeUnit site-0002 | New-KinsProxyKubeconfig -OutFile ./site-0002-cloud.kubeconfig | Out-Null
PS> kubectl --kubeconfig ./site-0002-cloud.kubeconfig get nodes
'@
            Output  = @'
WARNING: The cloud-side kubeconfig skips TLS verification (insecure-skip-tls-verify): the K3s serving certificate does not name the unit's Service, as SuperEdge <documents>
NAME               STATUS   ROLES    AGE   VERSION
site-0002-node-1   Ready    <none>   <age> v1.22.6
site-0002-node-2   Ready    <none>   <age> v1.22.6
site-0002-node-3   Ready    <none>   <age> v1.22.6
'@
            Remarks = 'Builds the cloud-side kubeconfig of site-0002, which goes through tunnel-cloud''s http-proxy on the master node''s nodePort, and uses it with kubectl. The warning says why TLS verification is off for it.'
        }
        @{
            Title   = 'One kubeconfig for every edge cluster, through a proxy you name'
            Sandbox = @{ Sites = 2 }
            Setup   = 'Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait'
            Code    = @'
PS> Get-NodeUnit -AutonomyLevel L4 |
        New-KinsProxyKubeconfig -ProxyUrl http://tunnel.example.net:31469 -OutFile ./edge-cloud.kubeconfig -Force 3>$null | Out-Null
PS> kubectl --kubeconfig ./edge-cloud.kubeconfig config view -o jsonpath='{.clusters[*].cluster.proxy-url}'
'@
            Output  = @'
http://tunnel.example.net:31469 http://tunnel.example.net:31469
'@
            Remarks = 'Writes one file with a context kins-<unit> per L4 unit, all using the proxy http://tunnel.example.net:31469 (3>$null drops the TLS warning).'
        }
        @{
            Title   = 'A kubeconfig for a pod in the cloud cluster'
            Setup   = 'Set-NodeUnitAutonomy test -Level L4 -Wait'
            Code    = @'
PS> New-KinsProxyKubeconfig test -InCluster -UseServiceIP -AsYaml 3>$null |
        kubectl create secret generic test-edge-kubeconfig --from-file=config=/dev/stdin
'@
            Output  = @'
secret/test-edge-kubeconfig created
'@
            Remarks = 'Uses tunnel-cloud''s ClusterIP and port 8080 and the ClusterIP of test-svc-kins, which a pod in the cloud cluster reaches without DNS for the unit''s Service, and stores the result in a Secret for such a pod to mount.'
        }
    )

    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Unit names, bound to -Name.' }
        @{ Type = 'Kins.NodeUnit'; Description = 'Units from Get-NodeUnit (Name, Context and Kubeconfig bind by property name).' }
    )

    Outputs     = @(
        @{ Type = 'Kins.Kubeconfig'; Description = 'By default: NodeUnit, Server, Token, Yaml, Context. The default view hides the token.' }
        @{ Type = 'System.String'; Description = 'With -AsYaml: the kubeconfig text.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'With -OutFile: the file written.' }
    )

    Notes       = @'
The kubeconfig carries a bearer token with system:masters rights on the edge cluster, and the connection's TLS is not verified: keep the file private and use it over networks you trust.

Kins honours proxy-url itself (KubernetesClient ignores it), so the file works with Kins cmdlets as well as with kubectl.

Error ids: NodeUnitNotFound, NodeUnitHasNoEdgeCluster, EdgeClusterNotReady, TunnelCloudNotFound, HttpProxyPortNotFound, MasterAddressNotFound, KinsServiceNotFound, OutFileExists, OutFileWriteFailed.
'@

    Links       = @(
        'about_Kins'
        'Get-KinsKubeconfig'
        'Get-NodeUnit'
        @{ Text = 'SuperEdge tunnel'; Uri = 'https://github.com/superedge/superedge' }
    )
}
