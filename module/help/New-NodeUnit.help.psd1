@{
    Synopsis    = 'Creates a NodeUnit from a list of nodes.'

    Description = @'
New-NodeUnit creates a NodeUnit (site.superedge.io/v1alpha2) whose spec.nodes are the given nodes, of type edge by default, at level L3 by default, with optional labels on the NodeUnit object. The name is checked as a Kubernetes name (a DNS-1123 subdomain) before anything is sent (InvalidNodeUnitName); a unit that already exists is a NodeUnitAlreadyExists error.

SuperEdge's site-manager then takes the unit over: it adds its finalizer site.superedge.io/nodeunit, labels each node <unit>=nodeunits.superedge.io and fills the status (readyRate, readyNodes, notReadyNodes). With -Wait, New-NodeUnit waits until that has happened (finalizer and status present) and emits the unit as site-manager sees it.

Creating a unit at L4 or L5 goes through the same checks as Set-NodeUnitAutonomy: L4 needs at least 1 Ready node and L5 at least 3 (InsufficientReadyNodes). To create a unit and wait until its edge cluster is Ready, create it at L3 and pipe it to Set-NodeUnitAutonomy -Wait.

All parameters except -Wait and -Timeout bind by property name, so rows of a CSV file or objects of a runbook can create many units in one pipeline.
'@

    Parameters  = @{
        Name          = 'The new unit''s name: lower-case letters, digits, ''-'' and ''.'', at most 253 characters, starting and ending with a letter or digit. Node labels are derived from it (<name>=nodeunits.superedge.io).'
        Node          = 'Names of the nodes that make up the unit (spec.nodes); a name given twice counts once. Nodes may belong to several units. They must be Ready for the unit to be promoted later. Nodes that do not exist give a warning that names them (the unit is still created; site-manager counts only nodes that exist).'
        Type          = 'The unit''s spec.type: edge (default), cloud, master or other.'
        AutonomyLevel = 'The level to create the unit at: L3 (default), L4 or L5. L4 and L5 are checked like Set-NodeUnitAutonomy checks them, and make site-manager install an edge K3s cluster at once.'
        Label         = 'Labels to put on the NodeUnit object, as a hashtable: @{ region = ''eu''; tier = ''shop'' }. Get-NodeUnit -Selector finds units by them.'
        Wait          = 'Wait until site-manager has taken the unit over (its finalizer and status are present), then emit the unit. Does not wait for an edge cluster to be Ready; use Set-NodeUnitAutonomy -Wait for that.'
        Timeout       = 'With -Wait, how long to wait per unit. A bare number is seconds; 90s, 5m, 1h30m or 00:10:00 work too; zero, negative values and more than 24 hours are refused.'
        WhatIf        = 'Prints the unit that would be created and sends nothing.'
    }

    Examples    = @(
        @{
            Title   = 'Create a unit for a shop''s three nodes'
            Code    = 'PS> New-NodeUnit shop-042 -Node edge1, edge2, edge3 -Label @{ region = ''eu''; tier = ''shop'' } -Wait'
            Output  = @'
TYPE   LEVEL STATE     READY    AGE NAME
----   ----- -----     -----    --- ----
edge   L3    Standard    3/3  <age> shop-042
'@
            Remarks = 'Creates the L3 edge unit shop-042 labelled region=eu and tier=shop, and emits it once site-manager has added its finalizer and status. A node that does not exist gives a warning naming it.'
        }
        @{
            Title   = 'Create units from a CSV file, then promote them'
            Sandbox = @{ Sites = 2 }
            Setup   = @'
Remove-NodeUnit site-* -Wait -Confirm:$false
Set-Content -Path ./sites.csv -Value 'Name,Nodes', 'shop-041,site-0001-node-1;site-0001-node-2', 'shop-042,site-0002-node-1;site-0002-node-2'
'@
            Code    = @'
PS> Import-Csv ./sites.csv |
        Select-Object Name, @{ n = 'Node'; e = { $_.Nodes -split ';' } } |
        New-NodeUnit -Wait |
        Set-NodeUnitAutonomy -Level L4 -Wait -PassThru |
        Sort-Object Name
'@
            Output  = @'
TYPE   LEVEL STATE     READY    AGE NAME
----   ----- -----     -----    --- ----
edge   L4    Ready       2/2  <age> shop-041
edge   L4    Ready       2/2  <age> shop-042
'@
            Remarks = 'Each row of sites.csv has a Name and a Nodes column (node names separated by ;). The units are created, then promoted to L4 as they come out of New-NodeUnit.'
        }
        @{
            Title   = 'Create a three-master unit directly'
            Sandbox = @{ Sites = 1 }
            Setup   = 'Remove-NodeUnit site-0001 -Wait -Confirm:$false'
            Code    = 'PS> New-NodeUnit factory-7 -Node site-0001-node-1, site-0001-node-2, site-0001-node-3 -AutonomyLevel L5 -Wait'
            Output  = @'
TYPE   LEVEL STATE     READY    AGE NAME
----   ----- -----     -----    --- ----
edge   L5    Ready       3/3  <age> factory-7
'@
            Remarks = 'Creates the unit at L5 and waits for its three-master K3s cluster; it is refused with InsufficientReadyNodes unless all three nodes are Ready.'
        }
    )

    Inputs      = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects with Name, Node and optionally Type, AutonomyLevel and Label properties, bound by property name.' }
    )

    Outputs     = @(
        @{ Type = 'Kins.NodeUnit'; Description = 'The unit created (with -Wait, as site-manager has taken it over).' }
    )

    Notes       = @'
Error ids: InvalidNodeUnitName, NodeUnitAlreadyExists, InsufficientReadyNodes, NodeUnitCrdNotInstalled.

New-NodeUnit does not create or change nodes; site-manager labels the nodes of the unit.
'@

    Links       = @(
        'about_Kins'
        'Get-NodeUnit'
        'Set-NodeUnitAutonomy'
        'Remove-NodeUnit'
    )
}
