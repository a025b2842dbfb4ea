using System.Management.Automation;
using Kins.Core.Connection;
using Kins.PowerShell.Completion;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that act on named NodeUnits: strings and Kins.NodeUnit objects both bind to -Name, and
/// wildcard patterns expand against the cluster the same way in every such cmdlet.
/// </summary>
public abstract class NodeUnitCmdlet : KinsCmdlet
{
    /// <summary>NodeUnit names or wildcard patterns; piped strings bind here, and objects bind their Name property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NodeUnitNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [Alias("NodeUnit")]
    public string[] Name { get; set; } = [];

    /// <summary>This record's units (see <see cref="KinsCmdlet.ExpandNamesAsync"/>).</summary>
    protected Task<IReadOnlyList<string>> ExpandNamesAsync(KinsConnection connection, CancellationToken cancellationToken, bool missingIsError = true) =>
        ExpandNamesAsync(Name, connection, cancellationToken, missingIsError);
}
