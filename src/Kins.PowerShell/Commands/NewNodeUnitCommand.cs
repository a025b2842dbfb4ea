using System.Collections;
using System.Management.Automation;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Creates a NodeUnit from a list of nodes.</summary>
[Cmdlet(VerbsCommon.New, "NodeUnit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType("Kins.NodeUnit")]
public sealed class NewNodeUnitCommand : KinsCmdlet
{
    #region Parameters

    /// <summary>The new unit's name (a Kubernetes DNS-1123 subdomain).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Names of the nodes that join the unit.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Node { get; set; } = [];

    /// <summary>The unit's type.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("edge", "cloud", "master", "other", IgnoreCase = true)]
    public string Type { get; set; } = "edge";

    /// <summary>The level to create the unit at (L4/L5 go through the same checks as Set-NodeUnitAutonomy).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("L3", "L4", "L5", IgnoreCase = true)]
    public string AutonomyLevel { get; set; } = "L3";

    /// <summary>Labels to put on the NodeUnit object.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public Hashtable? Label { get; set; }

    /// <summary>Wait until site-manager has taken the unit over (finalizer and status present).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long to wait.</summary>
    [Parameter]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    #endregion

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        ThrowKinsError(ErrorRecords.NotImplemented("New-NodeUnit"));
        return Task.CompletedTask;
    }
}
