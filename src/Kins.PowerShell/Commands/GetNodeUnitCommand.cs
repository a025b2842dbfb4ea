using System.Management.Automation;
using Kins.PowerShell.Completion;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Lists NodeUnits with their autonomy level and kins state.</summary>
[Cmdlet(VerbsCommon.Get, "NodeUnit")]
[OutputType("Kins.NodeUnit")]
public sealed class GetNodeUnitCommand : KinsCmdlet
{
    #region Parameters

    /// <summary>Names or wildcard patterns; all units when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NodeUnitNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only units at this level.</summary>
    [Parameter]
    [ValidateSet("L3", "L4", "L5", IgnoreCase = true)]
    public string? AutonomyLevel { get; set; }

    /// <summary>A Kubernetes label selector on the NodeUnits, e.g. 'region=eu'.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Selector { get; set; }

    #endregion

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        ThrowKinsError(ErrorRecords.NotImplemented("Get-NodeUnit"));
        return Task.CompletedTask;
    }
}
