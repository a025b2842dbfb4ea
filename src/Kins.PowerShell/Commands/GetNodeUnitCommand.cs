using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.Model;
using Kins.Core.NodeUnits;
using Kins.PowerShell.Completion;
using Kins.PowerShell.Infrastructure;

namespace Kins.PowerShell.Commands;

/// <summary>Lists NodeUnits with their autonomy level and kins state.</summary>
[Cmdlet(VerbsCommon.Get, "NodeUnit")]
[OutputType("Kins.NodeUnit")]
public sealed class GetNodeUnitCommand : KinsCmdlet
{
    private readonly Dictionary<KinsConnection, NodeUnitQuery> _queries = [];

    #region Parameters

    /// <summary>Names or wildcard patterns; all units when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NodeUnitNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Only units at this level.</summary>
    [Parameter]
    [Alias("Level")]
    [ValidateSet("L3", "L4", "L5", IgnoreCase = true)]
    public string? AutonomyLevel { get; set; }

    /// <summary>A Kubernetes label selector on the NodeUnits, e.g. 'region=eu'.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Selector { get; set; }

    #endregion

    protected override async Task ProcessRecordAsync(CancellationToken cancellationToken)
    {
        if (ConnectFor(Name ?? []) is not { } connection)
        {
            return;
        }
        if (!_queries.TryGetValue(connection, out var query))
        {
            // One query (and so one cluster snapshot) per cluster for the whole pipeline.
            query = new NodeUnitQuery(connection);
            _queries[connection] = query;
        }

        await foreach (var result in query.RunAsync(BuildFilter(), cancellationToken).ConfigureAwait(true))
        {
            if (result.Error is { } error)
            {
                WriteKinsError(error);
            }
            else if (result.Unit is { } unit)
            {
                WriteTyped(unit, TypeNames.NodeUnit);
            }
        }
    }

    private NodeUnitFilter BuildFilter()
    {
        var names = Name ?? [];
        var patterns = names.Where(WildcardPattern.ContainsWildcardCharacters)
            .Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
        return new NodeUnitFilter
        {
            ExactNames = [.. names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n))],
            HasPatterns = patterns.Count > 0,
            NameMatches = patterns.Count == 0 ? _ => true : name => patterns.Any(p => p.IsMatch(name)),
            LabelSelector = Selector,
            Level = AutonomyLevel is null ? null : AutonomyLevels.Parse(AutonomyLevel),
        };
    }
}
