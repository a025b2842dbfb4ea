@{
    Synopsis    = 'One screen about the fleet: units by level and state, offline sites and for how long, failed units with site-manager''s message.'

    Description = @'
Get-KinsFleetSummary answers the morning questions of an operator of many sites: how many units at each level, in which state, which sites the cloud no longer hears from and since when, and which units site-manager reports as failed, with its own message.

Without input it reads every NodeUnit of the cluster, as Get-NodeUnit does (the same states, Offline included); piped Kins.NodeUnit objects from Get-NodeUnit are summarized instead, so a filtered view is one pipeline away.

The result is one Kins.FleetSummary object: Total, ByLevel and ByState (counts), Offline (Name, AutonomyLevel, LastSeen and how long ago, longest silent first), Failed (Name, AutonomyLevel, Message) and Contexts. Its default view fits 80 columns.
'@

    Parameters  = @{
        InputObject = 'Kins.NodeUnit objects to summarize, usually piped from Get-NodeUnit. Without input, every unit of the cluster is read.'
    }

    Examples    = @(
        @{
            Title   = 'The whole fleet'
            Sandbox = @{ Sites = 3; NodeMonitorGracePeriod = '00:00:02' }
            Setup   = @'
Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false
$sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0003
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while ((Get-NodeUnit site-0003).KinsState -ne 'Offline' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
'@
            Code    = 'PS> Get-KinsFleetSummary'
            Output  = @'
UNITS    5 (L3 2, L4 3)
STATES   Ready 2, Standard 2, Offline 1
OFFLINE  1
  site-0003                      L4  silent for <age>
FAILED   none
'@
            Remarks = 'Counts every unit by level and state, and lists the one site the cloud no longer hears from.'
        }
        @{
            Title   = 'A part of the fleet, as data'
            Sandbox = @{ Sites = 3; NodeMonitorGracePeriod = '00:00:02' }
            Setup   = @'
Get-NodeUnit site-* | Set-NodeUnitAutonomy -Level L4 -Wait -Confirm:$false
$sandbox | Set-KinsSandbox -CloudLink Offline -NodeUnit site-0003
$deadline = [DateTime]::UtcNow.AddSeconds(60)
while ((Get-NodeUnit site-0003).KinsState -ne 'Offline' -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 200 }
'@
            Code    = @'
PS> $summary = Get-NodeUnit site-* | Get-KinsFleetSummary
PS> $summary.Offline | Export-Csv ./offline-sites.csv
PS> (Import-Csv ./offline-sites.csv).Name
'@
            Output  = @'
site-0003
'@
            Remarks = 'Summarizes only the site-* units and exports the offline sites with their LastSeen.'
        }
    )

    Inputs      = @(
        @{ Type = 'Kins.NodeUnit'; Description = 'Units from Get-NodeUnit, bound to -InputObject.' }
    )

    Outputs     = @(
        @{ Type = 'Kins.FleetSummary'; Description = 'Total, ByLevel, ByState, Offline, Failed, Contexts.' }
    )

    Notes       = @'
Offline is judged as Get-NodeUnit judges it: every node of the unit has Ready Unknown (the node lifecycle controller's NodeStatusUnknown); LastSeen is the newest Lease renewal or Ready heartbeat of its nodes.

Error ids: NodeUnitCrdNotInstalled, ClusterUnreachable.
'@

    Links       = @(
        'about_Kins'
        'Get-NodeUnit'
        'Test-KinsEdgeCluster'
    )
}
