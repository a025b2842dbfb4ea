using Kins.Core.Connection;
using Kins.Core.NodeUnits;

namespace Kins.PowerShell.Completion;

/// <summary>Where completion values come from; a failure (no cluster, bad kubeconfig) gives no completions, never an error.</summary>
internal static class CompletionSources
{
    // Tab completion must stay snappy even when the cluster is far away or down.
    private static readonly TimeSpan LiveLookupBudget = TimeSpan.FromSeconds(3);

    public static IEnumerable<string> Contexts(string? kubeconfig)
    {
        try
        {
            return KubeconfigContexts.List(kubeconfig);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return [];
        }
    }

    public static IEnumerable<string> NodeUnitNames(string? kubeconfig, string? context)
    {
        try
        {
            using var budget = new CancellationTokenSource(LiveLookupBudget);
            var connection = ConnectionCache.Shared.Get(kubeconfig, context);
            return NodeUnitNameLookup.ListAsync(connection, budget.Token).GetAwaiter().GetResult();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return [];
        }
    }
}
