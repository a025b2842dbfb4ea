namespace Kins.Core.Bulk;

/// <summary>How a batch may proceed.</summary>
public sealed record BulkOptions
{
    /// <summary>API requests in flight at once across the batch (waiting units hold none).</summary>
    public int ThrottleLimit { get; init; } = 16;

    /// <summary>Units changing at once, from their start until they finished (reached the level or failed); null: no bound.</summary>
    public int? MaxConcurrentChanges { get; init; }

    /// <summary>Once this many units failed, no further unit is started; null: never stop.</summary>
    public int? FailureBudget { get; init; }
}
