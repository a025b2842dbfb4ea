# Descriptions of the parameters that many Kins cmdlets share. New-KinsHelp.ps1 uses them for every
# cmdlet that has the parameter, unless the cmdlet's own <Cmdlet>.help.psd1 describes it under Parameters.
@{
    Parameters = @{
        Context    = @{
            Description  = @'
The kubeconfig context to use, as with kubectl --context. Tab completion offers the contexts of the kubeconfig.

Every object a Kins cmdlet emits carries the Context it came from, and every Kins cmdlet binds -Context by property name, so a pipeline stays on one cluster: Get-NodeUnit -Context prod | Set-NodeUnitAutonomy -Level L4 acts on the cluster of context prod. An unknown context is a terminating ContextNotFound error that lists the contexts that exist.
'@
            DefaultValue = 'The current-context of the kubeconfig'
        }
        Kubeconfig = @{
            Description  = @'
The kubeconfig file to read, or several files separated by the path separator (':' on Linux and macOS, ';' on Windows), merged like kubectl merges them (the first file to set a value wins). Relative paths are resolved against the current PowerShell location.

Kins reads tokens, client certificates, CA data, insecure-skip-tls-verify, tls-server-name, proxy-url and exec credential plugins like kubectl does. It never writes to this file. Clients are cached per (kubeconfig, context) for the session. Binds by property name, like -Context.
'@
            DefaultValue = '$env:KUBECONFIG, else ~/.kube/config, else the in-cluster service account'
        }
        WhatIf     = 'Shows what the cmdlet would do, unit by unit, and sends no change to the cluster.'
        Confirm    = 'Asks for confirmation before each change.'
    }
}
