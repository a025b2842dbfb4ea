using System.Collections.Concurrent;

namespace Kins.PowerShell.Infrastructure;

/// <summary>
/// Runs async cmdlet code on the pipeline thread: every continuation after an await is posted here and
/// executed by <see cref="Run"/>, so WriteObject, WriteError and ShouldProcess stay legal.
/// </summary>
internal sealed class PipelineThreadPump : SynchronizationContext
{
    private readonly BlockingCollection<(SendOrPostCallback Callback, object? State)> _queue = [];

    public override void Post(SendOrPostCallback d, object? state)
    {
        // A continuation may arrive after the work finished (e.g. a timer's); run it inline then.
        if (!_queue.IsAddingCompleted)
        {
            try
            {
                _queue.Add((d, state));
                return;
            }
            catch (InvalidOperationException)
            {
            }
        }
        ThreadPool.QueueUserWorkItem(_ => d(state));
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send to the pipeline thread would deadlock; use Post.");

    /// <summary>Runs <paramref name="work"/> to completion, executing its continuations on this thread.</summary>
    public static void Run(Func<Task> work)
    {
        var previous = Current;
        var pump = new PipelineThreadPump();
        SetSynchronizationContext(pump);
        try
        {
            var task = work();
            _ = task.ContinueWith(_ => pump._queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var (callback, state) in pump._queue.GetConsumingEnumerable())
            {
                callback(state);
            }
            task.GetAwaiter().GetResult();
        }
        finally
        {
            SetSynchronizationContext(previous);
            pump._queue.Dispose();
        }
    }
}
