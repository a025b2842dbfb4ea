using System.Management.Automation.Host;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// A bulk cmdlet's <see cref="BulkPipeline"/> for one call (made at the first unit) and what each way of ending the
/// call does with it: end of input completes it; a terminating error of this cmdlet abandons it; Ctrl+C, or another
/// command of the pipeline failing, stops it. Each way takes it once, so no changed unit is reported twice or never.
/// </summary>
internal sealed class BulkCall
{
    private BulkPipeline? _bulk;

    public BulkPipeline GetOrStart(Func<BulkPipeline> start) => _bulk ??= start();

    /// <summary>End of input: every unit handed back as it finishes.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_bulk is { } bulk)
        {
            // Still held while it completes: a terminating error on the way (-ErrorAction Stop) abandons it.
            await bulk.CompleteAsync(cancellationToken).ConfigureAwait(true);
            Take();
            await bulk.DisposeAsync().ConfigureAwait(true);
        }
    }

    /// <summary>This cmdlet's terminating error: report what finished and what is still in progress.</summary>
    public Task AbandonAsync() => Take() is { } bulk ? bulk.AbandonAsync() : Task.CompletedTask;

    /// <summary>Ctrl+C (another thread): name the changed units not reported yet on the host, then stop.</summary>
    public void Stop(PSHost? host, string? nothingStartedNotice = null)
    {
        if (Take() is { } bulk)
        {
            bulk.OnStopping(host);
        }
        else if (nothingStartedNotice is not null)
        {
            host?.UI?.WriteWarningLine(nothingStartedNotice);
        }
    }

    /// <summary>
    /// The cmdlet is disposed with its call unfinished: another command of the pipeline ended it with an error, so
    /// neither end of input nor Ctrl+C came. Same report as Ctrl+C, on the host (the pipeline takes no more records).
    /// </summary>
    public void EndedElsewhere(PSHost? host) => Take()?.OnPipelineEnded(host);

    private BulkPipeline? Take() => Interlocked.Exchange(ref _bulk, null);
}
