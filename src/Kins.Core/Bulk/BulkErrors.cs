using Kins.Core.Errors;

namespace Kins.Core.Bulk;

/// <summary>The failures a batch reports of its own.</summary>
internal static class BulkErrors
{
    private const int NamedFailures = 5;

    public static KinsException Skipped(BulkUnit unit, int budget, IReadOnlyCollection<BulkUnit> failed)
    {
        var names = string.Join(", ", failed.Take(NamedFailures).Select(u => u.Name)) + (failed.Count > NamedFailures ? ", ..." : string.Empty);
        return new KinsException(KinsErrorIds.NodeUnitSkipped, KinsErrorCategory.OperationStopped,
            $"{unit.Display} was skipped, nothing was changed on it: the failure budget of {budget} was spent ({failed.Count} unit(s) failed: {names}).",
            unit.Name)
        {
            RecommendedAction = "Fix the failed units (see their errors), then run the same command again: units already at the level are left as they are, the skipped ones are changed.",
        };
    }
}
