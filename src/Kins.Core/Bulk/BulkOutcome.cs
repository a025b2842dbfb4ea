namespace Kins.Core.Bulk;

/// <summary>How one unit of a batch ended: a result, an error, or skipped (never started).</summary>
/// <param name="Unit">The unit.</param>
/// <param name="Result">The work's result when it succeeded.</param>
/// <param name="Error">The failure as thrown (stack intact), or why the unit was skipped.</param>
/// <param name="Changed">The unit's work wrote to the cluster before it ended.</param>
/// <param name="Skipped">The unit was never started (the failure budget was spent).</param>
/// <param name="Cancelled">The batch was cancelled or stopped under the unit's work: it neither succeeded nor failed.</param>
public sealed record BulkOutcome<TResult>(BulkUnit Unit, TResult? Result, Exception? Error, bool Changed, bool Skipped, bool Cancelled = false)
{
    public bool Succeeded => Error is null;
}
