@{
    Synopsis    = 'Creates a NodeUnit from a list of nodes.'

    Description = @'
New-NodeUnit creates a NodeUnit (site.superedge.io/v1alpha2) whose spec.nodes are the given nodes, of type edge by default, at level L3 by default, with optional labels on the NodeUnit object. The name is checked as a Kubernetes name (a DNS-1123 subdomain) before anything is sent (InvalidNodeUnitName); a unit that already exists is a NodeUnitAlreadyExists error.

SuperEdge's site-manager then takes the unit over: it adds its finalizer site.superedge.io/nodeunit, labels each node <unit>=nodeunits.superedge.io and fills the status (readyRate, readyNodes, notReadyNodes). With -Wait, New-NodeUnit waits until that has happened (finalizer and status present) and emits the unit as site-manager sees it.

A unit asked for at L4 or L5 goes through the same checks as Set-NodeUnitAutonomy: L4 needs at least 1 Ready node and L5 at least 3 (InsufficientReadyNodes), and the name must be one site-manager can promote to that level (NodeUnitNameNotPromotable, NodeUnitNameTooLongToPromote, NodeUnitNameTooLongForL4, NodeUnitNameTooLongForL5; at any level NodeUnitNameTooLong over 63 characters), all before anything is written. It is created at L3 and promoted once site-manager has written its status.readyRate: created directly at L4 or L5, SuperEdge v0.9 always fails the first pass with "Insufficient Ready Node". With -Wait it then waits until the edge cluster is Ready.

All parameters except -Wait and -Timeout bind by property name, so rows of a CSV file or objects of a runbook can create many units in one pipeline.
'@

    Parameters  = @{
        Name          = 'The new unit''s name: lower-case letters, digits, ''-'' and ''.'', starting and ending with a letter or digit, at most 63 characters (site-manager uses it as a node label key: <name>=nodeunits.superedge.io). To be promoted it must also start with a letter, have no dots, and have at most 40 characters (L4) or 35 (L5).'
        Node          = 'Names of the nodes that make up the unit (spec.nodes); a name given twice counts once. Nodes may belong to several units. They must be Ready for the unit to be promoted later. Nodes that do not exist give a warning that names them (the unit is still created; site-manager counts only nodes that exist).'
        Type          = 'The unit''s spec.type: edge (default), cloud, master or other.'
        AutonomyLevel = 'The level for the unit: L3 (default), L4 or L5. L4 and L5 are checked like Set-NodeUnitAutonomy checks them; the unit is created at L3 and promoted as soon as site-manager has listed its nodes.'
        Label         = 'Labels to put on the NodeUnit object, as a hashtable: @{ region = ''eu''; tier = ''shop'' }. Get-NodeUnit -Selector finds units by them.'
        Wait          = 'Wait until site-manager has taken the unit over (its finalizer and status.readyRate are present), and for L4/L5 until its edge cluster is Ready, then emit the unit.'
        Timeout       = 'With -Wait, how long to wait per unit. A bare number is seconds; 90s, 5m, 1h30m or 00:10:00 work too; zero, negative values and more than 24 hours are refused.'
        ThrottleLimit = 'How many API requests (node checks, creations) are in flight at once, across the whole pipeline (1 to 1024; default 16). With -Wait, every created unit waits at once on one shared watch, holding no slot; results are streamed as units are taken over, not in input order.'
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
            Remarks = 'Creates the unit at L3 and promotes it to L5 once site-manager has listed its nodes, waiting for its K3s servers; it is refused with InsufficientReadyNodes unless all three nodes are Ready.'
        }
    )

    Inputs      = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Objects with Name, Node and optionally Type, AutonomyLevel and Label properties, bound by property name.' }
    )

    Outputs     = @(
        @{ Type = 'Kins.NodeUnit'; Description = 'The unit created (with -Wait, as site-manager has taken it over).' }
    )

    Notes       = @'
Error ids: InvalidNodeUnitName, NodeUnitNameTooLong, NodeUnitNameNotPromotable, NodeUnitNameTooLongToPromote, NodeUnitNameTooLongForL4, NodeUnitNameTooLongForL5, NodeUnitAlreadyExists, InsufficientReadyNodes, ServerNodeUnschedulable (the node site-manager would make the K3s server is cordoned or has a NoSchedule/NoExecute taint the server pods do not tolerate; checked before the unit is created), NodeUnitCrdNotInstalled.

New-NodeUnit does not create or change nodes; site-manager labels the nodes of the unit.
'@

    Links       = @(
        'about_Kins'
        'Get-NodeUnit'
        'Set-NodeUnitAutonomy'
        'Remove-NodeUnit'
    )
}
