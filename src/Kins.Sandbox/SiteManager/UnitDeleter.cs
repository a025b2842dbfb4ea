using System.Threading.Channels;
using Kins.Sandbox.Controllers;
using Kins.Sandbox.Store;

namespace Kins.Sandbox.SiteManager;

/// <summary>
/// site-manager's NodeUnitDeleter (pkg/site-manager/controller/deleter/unit_deleter.go): an in-memory queue, five
/// workers, that takes setNode entries off a unit's members. It gets the entries an update removed at every NodeUnit
/// update event, every resync included, and the whole unit when its deletion goes through. For a mixed unit
/// (<c>spec.nodes</c> and a selector) every such item strips kins-role, PV, PVC and server pods from the members not in
/// <c>spec.nodes</c> (flaw 6); a selector-only unit's items do nothing (flaw 4). Lost when the sandbox stops.
/// </summary>
internal sealed class UnitDeleter : IAsyncDisposable
{
    private const int Workers = 5;
    private readonly StoreClient _client;
    private readonly WorkQueueOptions _retry;
    private readonly Channel<(Unit Unit, int Failures)> _items = Channel.CreateUnbounded<(Unit, int)>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _workers;

    public UnitDeleter(StoreClient client, WorkQueueOptions retry)
    {
        _client = client;
        _retry = retry;
        _workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>Queues the unit (a snapshot whose setNode holds what to remove) for node cleanup.</summary>
    public void Delete(Unit unit) => _items.Writer.TryWrite((unit, 0));

    private async Task RunAsync()
    {
        try
        {
            await foreach (var (unit, failures) in _items.Reader.ReadAllAsync(_stop.Token))
            {
                try
                {
                    UnitNodes.RemoveSetNode(_client, unit, UnitNodes.Members(_client, unit).Values);
                }
                catch (ApiException) when (failures < _retry.MaxRetries)
                {
                    var delay = TimeSpan.FromTicks(Math.Min(_retry.MaxDelay.Ticks, _retry.BaseDelay.Ticks << Math.Min(failures, 40)));
                    _ = RetryLaterAsync(unit, failures + 1, delay);
                }
                catch (ApiException e)
                {
                    await Console.Error.WriteLineAsync($"site-manager: dropping node cleanup of NodeUnit {unit.Name}: {e.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task RetryLaterAsync(Unit unit, int failures, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _retry.Time, _stop.Token);
            _items.Writer.TryWrite((unit, failures));
        }
        catch (OperationCanceledException)
        {
            // Stopping: the queue is in memory only, as in v0.9.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _items.Writer.TryComplete();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
