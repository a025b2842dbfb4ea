using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.NodeUnits;
using Kins.PowerShell.Completion;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that act on named NodeUnits: strings and Kins.NodeUnit objects both bind to -Name, and
/// wildcard patterns expand against the cluster the same way in every such cmdlet.
/// </summary>
public abstract class NodeUnitCmdlet : KinsCmdlet
{
    private readonly Dictionary<KinsConnection, List<string>> _existing = [];

    /// <summary>NodeUnit names or wildcard patterns; piped strings bind here, and objects bind their Name property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(NodeUnitNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [Alias("NodeUnit")]
    public string[] Name { get; set; } = [];

    /// <summary>-WhatIf is in effect (given, or $WhatIfPreference).</summary>
    protected bool WhatIfRequested =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? whatIf is SwitchParameter { IsPresent: true }
            : SessionState.PSVariable.GetValue("WhatIfPreference") is true or SwitchParameter { IsPresent: true };

    /// <summary>
    /// This record's units: exact names as given, patterns expanded against the cluster (in name order). A pattern that
    /// matches nothing gives a warning. Under -WhatIf, a name that does not exist is a NodeUnitNotFound error, as the real
    /// run would give, and is left out. Each unit at most once.
    /// </summary>
    protected async Task<IReadOnlyList<string>> ExpandNamesAsync(KinsConnection connection, CancellationToken cancellationToken)
    {
        var hasPatterns = Name.Any(WildcardPattern.ContainsWildcardCharacters);
        if (!hasPatterns && !WhatIfRequested)
        {
            return [.. Name.Distinct(StringComparer.Ordinal)];
        }
        // One list per cluster for the whole pipeline: a piped batch under -WhatIf does not list once per unit.
        if (!_existing.TryGetValue(connection, out var existing))
        {
            existing = [.. (await NodeUnitNameLookup.ListAsync(connection, cancellationToken).ConfigureAwait(true)).Order(StringComparer.Ordinal)];
            _existing[connection] = existing;
        }
        var units = new List<string>();
        foreach (var name in Name)
        {
            if (WildcardPattern.ContainsWildcardCharacters(name))
            {
                var pattern = WildcardPattern.Get(name, WildcardOptions.IgnoreCase);
                var matches = existing.Where(pattern.IsMatch).ToList();
                if (matches.Count == 0)
                {
                    WriteWarning($"No NodeUnit in context '{connection.ContextName}' matches '{name}'.");
                }
                units.AddRange(matches);
            }
            else if (WhatIfRequested && !existing.Contains(name, StringComparer.Ordinal))
            {
                WriteKinsError(NodeUnitNameLookup.NotFound(connection, name));
            }
            else
            {
                units.Add(name);
            }
        }
        return [.. units.Distinct(StringComparer.Ordinal)];
    }
}
