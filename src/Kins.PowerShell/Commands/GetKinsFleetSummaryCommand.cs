using System.Management.Automation;
using Kins.Core.Errors;
using Kins.Core.Health;
using Kins.Core.NodeUnits;
using Kins.Core.Output;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>
/// One screen about the fleet: units by level and state, offline sites and for how long, failed units with
/// site-manager's message. Summarizes the Kins.NodeUnit objects piped in, or every unit of the cluster.
/// </summary>
[Cmdlet(VerbsCommon.Get, "KinsFleetSummary")]
[OutputType("Kins.FleetSummary")]
public sealed class GetKinsFleetSummaryCommand : KinsCmdlet
{
    private readonly List<NodeUnitInfo> _units = [];

    /// <summary>Units from Get-NodeUnit to summarize; without input, every unit of the cluster.</summary>
    [Parameter(ValueFromPipeline = true)]
    public NodeUnitInfo[]? InputObject { get; set; }

    protected override Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (InputObject is not null)
        {
            _units.AddRange(InputObject);
        }
        return Task.CompletedTask;
    }

    protected override async Task EndProcessingAsync(CancellationToken cancellationToken)
    {
        if (!MyInvocation.ExpectingInput)
        {
            var query = new NodeUnitQuery(Connect());
            await foreach (var result in query.RunAsync(new NodeUnitFilter(), cancellationToken).ConfigureAwait(true))
            {
                if (result.Unit is not null) { _units.Add(result.Unit); }
                else if (result.Error is KinsException error) { WriteKinsError(error); }
            }
        }
        WriteTyped(FleetSummary.From(_units, DateTime.UtcNow), TypeNames.FleetSummary);
    }
}
