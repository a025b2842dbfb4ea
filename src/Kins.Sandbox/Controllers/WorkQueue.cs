using System.Threading.Channels;

namespace Kins.Sandbox.Controllers;

/// <summary>
/// A controller work queue: keys are deduplicated while waiting, a key is never processed by two workers at
/// once, and a key added while it is being processed is processed again afterwards (client-go's semantics).
/// </summary>
internal sealed class WorkQueue : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _processing = new(StringComparer.Ordinal);
    private readonly Channel<string> _ready = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;

    public WorkQueue(int workers, Func<string, CancellationToken, Task> process, Action<string, Exception> onError)
    {
        _workers = Enumerable.Range(0, workers).Select(_ => Task.Run(() => RunAsync(process, onError))).ToArray();
    }

    public void Add(string key)
    {
        lock (_gate)
        {
            if (!_dirty.Add(key) || _processing.Contains(key))
            {
                return;
            }
        }
        _ready.Writer.TryWrite(key);
    }

    private async Task RunAsync(Func<string, CancellationToken, Task> process, Action<string, Exception> onError)
    {
        try
        {
            await foreach (var key in _ready.Reader.ReadAllAsync(_stop.Token))
            {
                lock (_gate)
                {
                    _dirty.Remove(key);
                    _processing.Add(key);
                }
                try
                {
                    await process(key, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A controller logs a failed key and goes on with the others.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    onError(key, e);
                }
                bool again;
                lock (_gate)
                {
                    _processing.Remove(key);
                    again = _dirty.Contains(key);
                }
                if (again)
                {
                    _ready.Writer.TryWrite(key);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _ready.Writer.TryComplete();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
