namespace Kins.Core.Reconcile;

/// <summary>The API server could not be reached (lists and watches failing) for longer than <see cref="ClusterWatchOptions.LostAfter"/>.</summary>
internal sealed class ClusterLostException : Exception
{
    public ClusterLostException(string source, TimeSpan failingFor, Exception cause)
        : base($"the list and watch of {source} have failed for {failingFor.TotalSeconds:0} s; last error: {cause.Message}", cause)
    {
        WatchedSource = source;
        FailingFor = failingFor;
    }

    public ClusterLostException() { }

    public ClusterLostException(string message) : base(message) { }

    public ClusterLostException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Which list and watch failed first, e.g. "nodeunits".</summary>
    public string WatchedSource { get; } = string.Empty;

    public TimeSpan FailingFor { get; }
}
