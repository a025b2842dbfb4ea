@{
    Synopsis    = 'Stops a sandbox started by Start-KinsSandbox.'

    Description = @'
Stop-KinsSandbox stops the sandbox process with the given process id and discards its state. The Kins.Sandbox object that Start-KinsSandbox returns binds by its ProcessId property, so $sandbox | Stop-KinsSandbox stops it.
'@

    Parameters  = @{
        ProcessId = 'The process id of the sandbox. Kins.Sandbox objects from Start-KinsSandbox bind their ProcessId property; a number piped in binds too.'
        WhatIf    = 'Shows which sandbox would be stopped, and stops nothing.'
    }

    Examples    = @(
        @{
            Title   = 'Stop the sandbox you started'
            Sandbox = $false
            Code    = @'
PS> $sandbox = Start-KinsSandbox
PS> $sandbox | Stop-KinsSandbox
'@
            Remarks = 'The Kins.Sandbox object binds its ProcessId. Stopping it again says that it was already stopped.'
        }
        @{
            Title   = 'Always stop it, even when a script fails'
            Sandbox = $false
            Code    = @'
PS> $sandbox = Start-KinsSandbox -Sites 3
PS> try {
        Get-NodeUnit -Kubeconfig $sandbox.Kubeconfig site-* | Set-NodeUnitAutonomy -Level L4 -Wait
    }
    finally {
        Stop-KinsSandbox -ProcessId $sandbox.ProcessId
    }
'@
            Remarks = 'The finally block stops the sandbox also on an error or Ctrl+C.'
        }
    )

    Inputs      = @(
        @{ Type = 'Kins.Sandbox'; Description = 'The object Start-KinsSandbox returned (binds ProcessId by property name).' }
        @{ Type = 'System.Int32'; Description = 'A process id.' }
    )

    Outputs     = @(
        @{ Type = 'None'; Description = 'Stop-KinsSandbox emits nothing.' }
    )

    Notes       = 'The sandbox keeps its objects in memory only: everything in it is gone once it stops. Start a new one for a fresh world.'

    Links       = @(
        'about_Kins'
        'Start-KinsSandbox'
    )
}
