# Descriptions of the parameters that many Kins cmdlets share. New-KinsHelp.ps1 uses them for every
# cmdlet that has the parameter, unless the cmdlet's own <Cmdlet>.help.psd1 describes it under Parameters.
@{
    Parameters = @{
        Context    = @{
            Description  = @'
The kubeconfig context to use, as with kubectl --context. Tab completion offers the contexts of the kubeconfig.

Every object a Kins cmdlet emits carries the cluster it came from (Kubeconfig, Context and ApiServer), and every Kins cmdlet binds them by property name, so a piped object acts on its own cluster, even after $env:KUBECONFIG changed: Get-NodeUnit -Context prod | Set-NodeUnitAutonomy -Level L4 acts on the cluster of context prod. A -Context given on the command line wins over the object's; if it reaches another API server than the one the object was read from, that unit fails with ClusterMismatch and nothing is changed. An unknown context is a terminating ContextNotFound error that lists the contexts that exist.
'@
            DefaultValue = 'The current-context of the kubeconfig'
        }
        Kubeconfig = @{
            Description  = @'
The kubeconfig file to read, or several files separated by the path separator (':' on Linux and macOS, ';' on Windows), merged like kubectl merges them (the first file to set a value wins). Relative paths are resolved against the current PowerShell location; each file must exist, and a folder or an empty file is a clear error.

Objects Kins emits carry the absolute path(s) they were read from, including when the kubeconfig came from $env:KUBECONFIG or ~/.kube/config. Piped back in, that file is used, never the current $env:KUBECONFIG; if it is gone, that unit fails with an error naming it, and nothing is changed.

Kins reads tokens, client certificates, CA data, insecure-skip-tls-verify, tls-server-name, proxy-url and exec credential plugins like kubectl does. It never writes to this file. Clients are cached per (kubeconfig, context) for the session. Binds by property name, like -Context.
'@
            DefaultValue = '$env:KUBECONFIG, else ~/.kube/config, else the in-cluster service account'
        }
        ApiServer  = @{
            Description  = @'
The API server URL the selected context must point to, e.g. https://10.0.0.1:6443. Objects from Kins cmdlets carry theirs (property ApiServer) and bind it by property name, so a unit piped in acts only on the cluster it was read from: when the context (its own, or one given with -Kubeconfig/-Context) now points elsewhere, that unit fails with ClusterMismatch and nothing is changed. Every sandbox and every edge kubeconfig use the same context names, so the name alone identifies nothing.
'@
            DefaultValue = 'None: any server'
        }
        WhatIf     = 'Shows what the cmdlet would do, unit by unit, and sends no change to the cluster.'
        Confirm    = 'Asks for confirmation before each change.'
    }
}
