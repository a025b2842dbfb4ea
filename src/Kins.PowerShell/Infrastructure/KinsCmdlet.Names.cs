using System.Management.Automation;
using Kins.Core.Connection;
using Kins.Core.NodeUnits;

namespace Kins.PowerShell.Infrastructure;

/// <summary>How every cmdlet that takes NodeUnit names reads them: wildcard patterns expand against the cluster the same way.</summary>
public abstract partial class KinsCmdlet
{
    private readonly Dictionary<KinsConnection, List<string>> _existingUnits = [];

    /// <summary>-WhatIf is in effect (given, or $WhatIfPreference).</summary>
    protected bool WhatIfRequested =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? whatIf is SwitchParameter { IsPresent: true }
            : SessionState.PSVariable.GetValue("WhatIfPreference") is true or SwitchParameter { IsPresent: true };

    /// <summary>
    /// This record's units: exact names as given, patterns expanded against the cluster (in name order). A pattern that
    /// matches nothing gives a warning. Under -WhatIf, a name that does not exist is a NodeUnitNotFound error, as the real
    /// run would give, and is left out, unless <paramref name="missingIsError"/> is false (a cmdlet that also acts on
    /// what a deleted unit left behind). Each unit at most once.
    /// </summary>
    protected async Task<IReadOnlyList<string>> ExpandNamesAsync(IReadOnlyList<string> names, KinsConnection connection, CancellationToken cancellationToken,
        bool missingIsError = true)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(connection);
        var hasPatterns = names.Any(WildcardPattern.ContainsWildcardCharacters);
        if (!hasPatterns && (!WhatIfRequested || !missingIsError))
        {
            return [.. names.Distinct(StringComparer.Ordinal)];
        }
        // One list per cluster for the whole pipeline: a piped batch under -WhatIf does not list once per unit.
        if (!_existingUnits.TryGetValue(connection, out var existing))
        {
            existing = [.. (await NodeUnitNameLookup.ListAsync(connection, cancellationToken).ConfigureAwait(true)).Order(StringComparer.Ordinal)];
            _existingUnits[connection] = existing;
        }
        var units = new List<string>();
        foreach (var name in names)
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
            else if (WhatIfRequested && missingIsError && !existing.Contains(name, StringComparer.Ordinal))
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
