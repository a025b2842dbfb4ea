using Kins.Core.Connection;

namespace Kins.Core.NodeUnits;

/// <summary>NodeUnit names only: for tab completion, wildcard expansion and -WhatIf's existence check.</summary>
public static class NodeUnitNameLookup
{
    public static async Task<IReadOnlyList<string>> ListAsync(KinsConnection connection, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var unit in NodeUnitReader.ListAsync(connection, new NodeUnitFilter(), cancellationToken).ConfigureAwait(false))
        {
            names.Add(unit.Name);
        }
        return names;
    }

    /// <summary>The NodeUnitNotFound error the real run gives for <paramref name="name"/>.</summary>
    public static Errors.KinsException NotFound(KinsConnection connection, string name) => NodeUnitReader.NotFound(connection, name);
}
