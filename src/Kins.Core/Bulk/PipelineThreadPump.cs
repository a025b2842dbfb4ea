namespace Kins.Core.Bulk;

/// <summary>
/// Runs async code on one thread (PowerShell's pipeline thread): every continuation after an await is posted here
/// and executed by <see cref="Run"/>, so WriteObject, WriteError and ShouldProcess stay legal. A continuation
/// posted after <see cref="Run"/> returned (a late timer's, a cancelled wait's) runs on the thread pool instead.
/// </summary>
public sealed class PipelineThreadPump : SynchronizationContext
{
    private readonly object _gate = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _queue = new();
    private bool _workDone;
    private bool _closed;

    public override void Post(SendOrPostCallback d, object? state)
    {
        ArgumentNullException.ThrowIfNull(d);
        lock (_gate)
        {
            if (!_closed)
            {
                _queue.Enqueue((d, state));
                Monitor.Pulse(_gate);
                return;
            }
        }
        ThreadPool.QueueUserWorkItem(_ => d(state));
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send to the pipeline thread would deadlock; use Post.");

    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Runs <paramref name="work"/> to completion, executing its continuations on this thread.</summary>
    public static void Run(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var previous = Current;
        var pump = new PipelineThreadPump();
        SetSynchronizationContext(pump);
        try
        {
            var task = work();
            _ = task.ContinueWith(_ => pump.MarkWorkDone(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (pump.Next() is { } next)
            {
                next.Callback(next.State);
            }
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
            pump.Close();
        }
    }

    /// <summary>The next continuation; null once the work is done and nothing is left.</summary>
    private (SendOrPostCallback Callback, object? State)? Next()
    {
        lock (_gate)
        {
            while (_queue.Count == 0 && !_workDone)
            {
                Monitor.Wait(_gate);
            }
            return _queue.Count > 0 ? _queue.Dequeue() : null;
        }
    }

    private void MarkWorkDone()
    {
        lock (_gate)
        {
            _workDone = true;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>From now on continuations go to the thread pool; any left over (Run failed mid-way) go there too.</summary>
    private void Close()
    {
        (SendOrPostCallback Callback, object? State)[] leftOver;
        lock (_gate)
        {
            _closed = true;
            leftOver = [.. _queue];
            _queue.Clear();
        }
        foreach (var (callback, state) in leftOver)
        {
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }
    }
}
